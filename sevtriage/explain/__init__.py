"""Why a ticket got its level: the decider, the overridden matches, the ceilings,
the nearest misses, the smallest changes to a more severe level, and respond_by.

``Explainer`` builds the explanation object (schema: ``sevtriage schema
explanation``) from the same classifier that produced the result, and checks
that both agree; ``text`` renders it for people.
"""

from sevtriage.explain.explainer import Explainer, classify_with_explanations

__all__ = ["Explainer", "classify_with_explanations"]
