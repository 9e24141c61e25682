"""Classifying a stream of tickets at scale: chunks, worker processes, progress, summary.

The classification itself is the core's ``Classifier``; this package only
moves records to it and results out of it, in input order, in bounded memory.
"""
