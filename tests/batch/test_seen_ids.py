"""The duplicate-id table answers as a set would: in its set, across its move to the
compact table, and across the table's growth."""

from __future__ import annotations

import random

import pytest

from sevtriage.batch.seen_ids import SET_LIMIT, SeenIds


@pytest.mark.parametrize("set_limit", [0, 7_000, SET_LIMIT])
def test_seen_ids_report_exactly_the_repeats_while_the_table_grows_many_times(set_limit):
    rng = random.Random(3)
    keys: list[int | None] = [rng.getrandbits(60) or 1 for _ in range(40_000)]
    keys += [None, *rng.sample(keys, 500)]
    rng.shuffle(keys)
    seen = SeenIds(capacity=8, set_limit=set_limit)
    repeated: list[int] = []
    for start in range(0, len(keys), 700):  # as the writer adds them: a chunk at a time
        repeated += [start + i for i in seen.add_many(keys[start:start + 700])]
    expected, known = [], set()
    for position, key in enumerate(keys):
        if key is not None and key in known:
            expected.append(position)
        if key is not None:
            known.add(key)
    assert repeated == expected
    assert len(seen) == len(known)
    assert all(seen.add(key) for key in list(known)[:100])


@pytest.mark.parametrize("set_limit", [0, 3, SET_LIMIT])
def test_repeats_within_one_chunk_and_chunks_without_ids(set_limit):
    seen = SeenIds(capacity=4, set_limit=set_limit)
    assert seen.add_many([None, None]) == []
    assert seen.add_many([5, 6, 5, None, 7]) == [2]
    assert seen.add_many([8, 9, 6]) == [2]
    assert seen.add_many([10, None, 11]) == []
    assert seen.add_many([12, 13, 12, None, 13, 12]) == [2, 4, 5]  # new to the set, repeated within
    assert seen.add_many([14, 5, 14]) == [1, 2]  # one seen before and one repeated within
    assert len(seen) == 10
