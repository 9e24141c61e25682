"""Exact questions about a policy over the finite domains of the ticket contract.

``validate`` asks "can this condition ever be true?", "can this rule ever
decide?"; ``explain`` asks "what is the smallest change that gives Level 1?".
Both are the same search: a minimal assignment of the fields a policy reads
that makes a condition true, where each field ranges over a finite set of
value classes (``domains``), evaluated with the reference evaluator's own
predicate semantics (``solver``), and where the decision steps are written as
conditions too (``decision_conditions``).
"""
