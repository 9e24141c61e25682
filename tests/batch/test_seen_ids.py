"""The duplicate-id table answers as a set would, across its growth."""

from __future__ import annotations

import random

from sevtriage.batch.seen_ids import SeenIds


def test_seen_ids_report_exactly_the_repeats_while_the_table_grows_many_times():
    rng = random.Random(3)
    keys: list[int | None] = [rng.getrandbits(64) or 1 for _ in range(40_000)]
    keys += [None, *rng.sample(keys, 500)]
    rng.shuffle(keys)
    seen = SeenIds(capacity=8)
    repeated = seen.add_many(keys[:20_000]) + [20_000 + i for i in seen.add_many(keys[20_000:])]
    expected, known = [], set()
    for position, key in enumerate(keys):
        if key is not None and key in known:
            expected.append(position)
        if key is not None:
            known.add(key)
    assert repeated == expected
    assert len(seen) == len(known)
    assert all(seen.add(key) for key in list(known)[:100])
