"""Hypothesis strategies for random policy conditions, shared by the analysis tests.

One generator of nested ``all``/``any``/``not`` conditions over a list of leaf
predicates (YAML flow text), so every test that needs random policies draws them
the same way; each test keeps its own leaf list for the fields it exercises.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def conditions(predicates: Sequence[str], depth: int = 2) -> st.SearchStrategy[str]:
    """A condition as YAML flow text: a leaf, or all/any of up to 3, or not, nested ``depth`` deep."""
    leaf = st.sampled_from(list(predicates))
    if depth == 0:
        return leaf
    inner = conditions(predicates, depth - 1)
    return st.one_of(
        leaf,
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "{all: [%s]}" % ", ".join(items)),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "{any: [%s]}" % ", ".join(items)),
        inner.map(lambda item: "{not: %s}" % item),
    )
