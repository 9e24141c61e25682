"""Which ticket ids a batch has already seen, in bounded memory, mostly at C speed.

Duplicate ids get a warning on their second and later occurrences, which
needs every id seen so far. A Python ``set`` of 1M id strings costs ~100 MB,
the whole memory budget of a 1M-ticket run. So ids are kept as 60-bit
digests, first in a ``set`` of ints (~60 B an id, but each chunk is checked
and added by a few C-level set operations: the reading process does this for
every ticket, and with ``--jobs`` it competes with the workers for the CPUs),
and past ``SET_LIMIT`` ids in a compact table: an ``array`` with open
addressing (8-16 bytes an id, ~16 MB at 1M, probed in Python). Two different
ids share a digest with probability ~n²/2⁶¹ (4·10⁻⁷ at 1M ids): the price is,
at worst, one spurious duplicate warning in that case.

The digest is the string's own ``hash``, computed in C and cached on the
string. It is the same in the reading process and in every worker because
workers are forked from it (``batch.workers`` uses ``fork``) and so share its
hash seed; digests must never be compared across unrelated processes.
"""

from __future__ import annotations

from array import array

EMPTY = 0
_MASK = (1 << 60) - 1  # an int below 2**60 is the smallest int object that holds it (32 bytes)
SET_LIMIT = 1 << 18  # ids kept in the set (~16 MB) before they move to the table


def id_key(ticket_id: str) -> int:
    """A non-zero 60-bit digest of ``ticket_id`` (the same in this process and its forked workers)."""
    return hash(ticket_id) & _MASK or 1


def _record(seen: set[int], keys: array[int]) -> list[int]:
    """Add ``keys`` to ``seen`` one by one; the positions of those already in it (or met
    earlier in ``keys``). With an empty ``seen``: the repeats within ``keys`` itself."""
    repeated: list[int] = []
    for position, key in enumerate(keys):
        if key == EMPTY:
            continue
        if key in seen:
            repeated.append(position)
        else:
            seen.add(key)
    return repeated


class SeenIds:
    """An insert-only set of id digests: a ``set`` up to ``set_limit`` ids, then a table
    (linear probing, at most half full)."""

    def __init__(self, capacity: int = 1 << 12, set_limit: int = SET_LIMIT):
        self._set: set[int] | None = set() if set_limit > 0 else None
        self._set_limit = set_limit
        self._slots = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return len(self._set) if self._set is not None else self._count

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
        if self._set is not None:
            if len(self._set) + len(keys) <= self._set_limit:
                return self._add_to_set(self._set, keys)
            self._move_to_table(self._set)
        return self._add_to_table(keys)

    @staticmethod
    def _add_to_set(seen: set[int], keys: array[int]) -> list[int]:
        """The usual case, a chunk of new distinct ids, costs a few C-level set operations."""
        if seen.isdisjoint(keys):  # (EMPTY is never in the set)
            before = len(seen)
            seen.update(keys)
            seen.discard(EMPTY)
            if len(seen) - before == len(keys) - keys.count(EMPTY):
                return []
            return _record(set(), keys)  # every id was new: only the chunk's own repeats
        return _record(seen, keys)

    def _move_to_table(self, seen: set[int]) -> None:
        self._set = None
        self._grow(len(seen))
        slots, mask = self._slots, self._mask
        for key in seen:
            index = key & mask
            while slots[index] != EMPTY:
                index = (index + 1) & mask
            slots[index] = key
        self._count = len(seen)

    def _add_to_table(self, keys: array[int]) -> list[int]:
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
        distinct: no look-up needed). At 1M ids the table doubles a few times in all."""
        old = self._slots
        size = len(old)
        while need * 2 > size:
            size *= 2
        if size == len(old):
            return
        slots = self._slots = array("Q", bytes(8 * size))
        mask = self._mask = size - 1
        for key in old:
            if key != EMPTY:
                index = key & mask
                while slots[index] != EMPTY:
                    index = (index + 1) & mask
                slots[index] = key
