"""Which ticket ids a batch has already seen, in 8-16 bytes per id.

Duplicate ids get a warning on their second and later occurrences, which
needs every id seen so far. A Python ``set`` of 1M id strings costs ~100 MB,
the whole memory budget of a 1M-ticket run; this table keeps a 64-bit digest
of each id in an ``array`` with open addressing instead (~16 MB at 1M). Two
different ids share a digest with probability ~n²/2⁶⁵ (3·10⁻⁸ at 1M ids):
the price is, at worst, one spurious duplicate warning in that case.
"""

from __future__ import annotations

import hashlib
from array import array

EMPTY = 0


def id_key(ticket_id: str) -> int:
    """A non-zero 64-bit digest of ``ticket_id`` (stable across processes, unlike ``hash``)."""
    digest = hashlib.blake2b(ticket_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


class SeenIds:
    """An insert-only set of id digests (linear probing, grown at half full)."""

    def __init__(self, capacity: int = 1 << 12):
        self._slots = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, key: int) -> bool:
        """Record ``key``; True when it had been recorded before."""
        slots, mask = self._slots, self._mask
        index = key & mask
        while True:
            held = slots[index]
            if held == key:
                return True
            if held == EMPTY:
                break
            index = (index + 1) & mask
        slots[index] = key
        self._count += 1
        if self._count * 2 > len(slots):
            self._grow()
        return False

    def add_many(self, keys: list[int | None]) -> list[int]:
        """Record every key (None: no id); the positions of those recorded before.

        The same as ``add`` in a loop, with the table in local variables: this
        runs in the reading process for every ticket, so it is kept lean.
        """
        repeated: list[int] = []
        for position, key in enumerate(keys):
            if key is None:
                continue
            slots, mask = self._slots, self._mask
            index = key & mask
            while True:
                held = slots[index]
                if held == key:
                    repeated.append(position)
                    break
                if held == EMPTY:
                    slots[index] = key
                    self._count += 1
                    if self._count * 2 > len(slots):
                        self._grow()
                    break
                index = (index + 1) & mask
        return repeated

    def _grow(self) -> None:
        """Twice the slots, every key placed again (keys are distinct: no look-up needed).

        Inline, with the table in local variables: at 1M ids the table doubles 9 times
        and re-places ~2M keys in the reading process."""
        old = self._slots
        slots = self._slots = array("Q", bytes(16 * len(old)))
        mask = self._mask = len(slots) - 1
        for key in old:
            if key != EMPTY:
                index = key & mask
                while slots[index] != EMPTY:
                    index = (index + 1) & mask
                slots[index] = key
