"""Regression testing of policies: fixture runs with decisive coverage, and policy diffs.

``sevtriage test`` and ``sevtriage diff`` are thin CLI layers over these
modules; everything here classifies through the core ``Classifier``.
"""
