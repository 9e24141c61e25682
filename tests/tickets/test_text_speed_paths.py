"""The matcher's fast paths give exactly the results of the plain ones.

The speed work on the detectors (required-word prefilter, the per-text word index used
for texts with many mentions) must never change a derived flag: these tests run the same
texts through both paths and compare, on the fixtures' texts and on a seeded word salad
of the policy's own pattern and cue words (where every word is a mention).
"""

from __future__ import annotations

import random

import yaml
from conftest import REPO

from sevtriage.tickets.textflags import TextFlags
from sevtriage.tickets.textflags import matcher as matcher_module
from sevtriage.tickets.textflags.matcher import _keys, _WordIndex


def _texts(policy) -> list[str]:
    texts = []
    for path in sorted((REPO / "fixtures").glob("text-*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("fixtures", []):
            ticket = case.get("ticket") or {}
            texts += [ticket[f] for f in ("subject", "description") if isinstance(ticket.get(f), str)]
    words = sorted({w.strip("()[]|*?.") for d in policy.text.detectors for p in d.patterns
                    for w in p.compiled.text.split() if not p.compiled.text.startswith("re:")}
                   | {w.strip("()[]|*?.") for c in policy.text.cues for w in c.compiled.text.split()})
    rng = random.Random(11)
    glue = ["not", "pas", "ne", "but", "mais", ".", ",", "n'", "l'", "\n", "`x`", '"a b"']
    for _ in range(40):
        texts.append(" ".join(rng.choice(words + glue) for _ in range(rng.randint(5, 120))).replace("' ", "'"))
    return texts


def test_word_index_gives_the_keys_of_any_part_of_the_text():
    for text in ("Hello wor_ld  a.b  éèx 12345 x n'a l'erreur, mais ok.", "abcdef", ""):
        index = _WordIndex(text)
        for low in range(len(text) + 1):
            for high in range(low, len(text) + 1):
                assert index.keys_in(low, high) == _keys(text[low:high]), (low, high)


def test_prefilter_and_word_index_change_no_derived_flag(policy, monkeypatch):
    texts = _texts(policy)
    assert len(texts) > 100
    fast = TextFlags(policy.text)
    fast_results = [fast.apply({"description": t})[1] for t in texts]
    plain = TextFlags(policy.text)
    plain.matcher.use_prefilter = False
    monkeypatch.setattr(matcher_module, "MANY_MENTIONS", 10**9)  # never the word index
    assert [plain.apply({"description": t})[1] for t in texts] == fast_results
    monkeypatch.setattr(matcher_module, "MANY_MENTIONS", 1)  # always the word index
    assert [fast.apply({"description": t})[1] for t in texts] == fast_results
    assert sum(len(r) for r in fast_results) > 200  # the salad is full of mentions

