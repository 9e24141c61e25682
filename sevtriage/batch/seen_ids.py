"""Which ticket ids a batch has already seen, in 8-16 bytes per id.

Duplicate ids get a warning on their second and later occurrences, which
needs every id seen so far. A Python ``set`` of 1M id strings costs ~100 MB,
the whole memory budget of a 1M-ticket run; this table keeps a 64-bit digest
of each id in an ``array`` with open addressing instead (~16 MB at 1M). Two
different ids share a digest with probability ~n²/2⁶⁵ (3·10⁻⁸ at 1M ids):
the price is, at worst, one spurious duplicate warning in that case.

The digest is the string's own ``hash``, computed in C and cached on the
string. It is the same in the reading process and in every worker because
workers are forked from it (``batch.workers`` uses ``fork``) and so share its
hash seed; digests must never be compared across unrelated processes.
"""

from __future__ import annotations

from array import array

EMPTY = 0
_MASK = (1 << 64) - 1


def id_key(ticket_id: str) -> int:
    """A non-zero 64-bit digest of ``ticket_id`` (the same in this process and its forked workers)."""
    return hash(ticket_id) & _MASK or 1


class SeenIds:
    """An insert-only set of id digests (linear probing, at most half full)."""

    def __init__(self, capacity: int = 1 << 12):
        self._slots = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, key: int) -> bool:
        """Record ``key``; True when it had been recorded before."""
        return bool(self.add_many([key]))

    def add_many(self, keys: list[int | None]) -> list[int]:
        """Record every key (None: no id); the positions of those recorded before."""
        return self._add(array("Q", [key or EMPTY for key in keys]))

    def add_digests(self, blob: bytes) -> list[int]:
        """``add_many`` for a chunk's ``ids``: native 8-byte digests, 0 for no id."""
        return self._add(array("Q", blob))

    def _add(self, keys: array[int]) -> list[int]:
        """The one probing loop, with the table in local variables: it runs in the reading
        process for every ticket. Room for every key is made first, so it never grows inside."""
        if (self._count + len(keys)) * 2 > len(self._slots):
            self._grow(self._count + len(keys))
        slots, mask = self._slots, self._mask
        repeated: list[int] = []
        added = 0
        for position, key in enumerate(keys):
            if key == EMPTY:
                continue
            index = key & mask
            while True:
                held = slots[index]
                if held == key:
                    repeated.append(position)
                    break
                if held == EMPTY:
                    slots[index] = key
                    added += 1
                    break
                index = (index + 1) & mask
        self._count += added
        return repeated

    def _grow(self, need: int) -> None:
        """Enough slots for ``need`` keys at half full, every key placed again (keys are
        distinct: no look-up needed). At 1M ids the table doubles 9 times in all."""
        old = self._slots
        size = len(old)
        while need * 2 > size:
            size *= 2
        slots = self._slots = array("Q", bytes(8 * size))
        mask = self._mask = size - 1
        for key in old:
            if key != EMPTY:
                index = key & mask
                while slots[index] != EMPTY:
                    index = (index + 1) & mask
                slots[index] = key
