"""The detector, cue and pattern classes written out (``policy.text.values``) behave as the
frozen dataclasses they replaced: equality and hash by their compared fields only, the same
repr, no assignment, and pickle/copy round trips."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from conftest import REPO

from sevtriage.policy.loader import load_policy
from sevtriage.policy.text.fold import Folded, fold
from sevtriage.policy.text.items import Cue, Detector, PatternRef
from sevtriage.policy.text.pattern import CompiledPattern, compile_pattern
from sevtriage.tickets.textflags.matcher import Mention


def _dataclass_twin(cls: type, fields: tuple[str, ...], compared: tuple[str, ...]) -> Any:
    """The frozen dataclass the class was: same name, fields, compare and repr flags."""
    spec = [(name, Any, dataclasses.field(compare=name in compared, repr=name in compared)) for name in fields]
    return dataclasses.make_dataclass(cls.__name__, spec, frozen=True)


def _items() -> list[Any]:
    text = load_policy(REPO / "rules", snapshot=False).text
    assert text is not None
    detector = text.detectors[0]
    return [detector, detector.patterns[0], detector.patterns[0].compiled, text.cues[0], text.cues[-1]]


@pytest.mark.parametrize("index", range(5))
def test_written_out_classes_compare_hash_and_show_as_their_dataclasses(index):
    item = _items()[index]
    cls = type(item)
    twin_cls = _dataclass_twin(cls, cls._fields, cls._compared)
    twin = twin_cls(*(getattr(item, name) for name in cls._fields))
    assert repr(item) == repr(twin)
    assert hash(item) == hash(twin)
    other = cls(*(getattr(item, name) for name in cls._fields))
    assert other == item and hash(other) == hash(item) and other is not item
    assert item != twin and item != object()
    for name in cls._fields:  # every compared field counts, the others do not
        values = [getattr(item, n) if n != name else "changed" for n in cls._fields]
        assert (cls(*values) == item) == (name not in cls._compared)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.language = "xx"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del item.language
    clone = pickle.loads(pickle.dumps(item))
    assert clone == item and copy.copy(item) == item and copy.deepcopy(item) == item


def test_mention_and_folded_compare_hash_show_and_pickle_as_their_dataclasses():
    detector = _items()[0]
    mention = Mention(detector, 1, 5, "negated", "not")
    twin = dataclasses.make_dataclass("Mention", ["detector", "start", "end", "status", "cue"], frozen=True,
                                      slots=True)(detector, 1, 5, "negated", "not")
    assert repr(mention) == repr(twin) and hash(mention) == hash(twin)
    assert mention == Mention(detector, 1, 5, "negated", "not") != Mention(detector, 1, 5, "hedged", "not")
    assert pickle.loads(pickle.dumps(mention)) == mention
    folded = fold("Le cœur du serveur s\u2019est arrêté")
    twin_folded = dataclasses.make_dataclass("Folded", ["text", ("points", Any, dataclasses.field(default=()))],
                                             frozen=True)(folded.text, folded.points)
    assert folded.points and repr(folded) == repr(twin_folded) and hash(folded) == hash(twin_folded)
    assert folded == Folded(folded.text, folded.points) != Folded(folded.text)
    assert pickle.loads(pickle.dumps(folded)) == folded
    for value in (mention, folded):
        with pytest.raises(AttributeError):
            value.start = 2  # type: ignore[misc,union-attr]


def test_the_classes_are_what_the_loader_builds():
    items = _items()
    assert [type(i) for i in items] == [Detector, PatternRef, CompiledPattern, Cue, Cue]
    assert compile_pattern("data loss", "en") == compile_pattern("data loss", "en")
