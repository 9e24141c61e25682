"""Frozen value classes without the ``dataclass`` decorator's start-up cost.

The detectors, cues and patterns were frozen dataclasses. The decorator generates each
class's ``__init__``, ``__eq__``, ``__hash__``, ``__repr__``, ``__setattr__`` and
``__delattr__`` from source text at import: ~0.35 ms of CPU per class, paid by the first
ticket with text (start-up). These classes write their ``__init__`` out and take the rest
from ``FrozenValue``; they compare, hash, repr and refuse assignment as the dataclasses did.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar


class FrozenValue:
    """Equal when of the same class with equal ``_compared`` fields (hashed by the same),
    shown by its ``_shown`` fields, never assigned to after ``__init__`` (which sets the
    fields with ``object.__setattr__``, as a frozen dataclass does)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()  # the ``__init__`` parameters, in order (pickle, copy)
    _compared: ClassVar[tuple[str, ...]] = ()
    _shown: ClassVar[tuple[str, ...]] = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple([getattr(self, name) for name in self._fields])

    def _key(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, FrozenValue)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
