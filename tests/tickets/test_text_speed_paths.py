"""The matcher's fast paths give exactly the results of the plain ones.

The speed work on the detectors (whole-word prefilter, windows around the anchors, the
per-text word index used for texts with many mentions, cues run alone when few can match)
must never change a derived flag: these tests run the same texts through both paths and
compare, on the fixtures' texts and on a seeded word salad of the policy's own pattern and
cue words with elisions, case changes, typographic apostrophes, quotes, code and log lines
(where most words are mentions or cues). ``bench/text_identity.py`` compares two versions of
the code on the real reports, the traps and a larger salad.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml
from conftest import REPO

from sevtriage.tickets.textflags import TextFlags
from sevtriage.tickets.textflags import matcher as matcher_module
from sevtriage.tickets.textflags.matcher import _BOUNDARY, _LAST_BOUNDARY, _CueGroup, _keys, _tokens, _WordIndex

GLUE = ["not", "pas", "ne", "no", "but", "mais", "never", "jamais", ".", ",", "?", ";", "n'", "l'", "d'", "qu'",
        "\n", "`x`", '"a b"', "```", "> quoted", "ERROR: x", "\u2019", "«", "»", "if", "si", "could", "œuvre"]


def _texts(policy) -> list[str]:
    texts = []
    for path in sorted((REPO / "fixtures").glob("text-*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("fixtures", []):
            ticket = case.get("ticket") or {}
            texts += [ticket[f] for f in ("subject", "description") if isinstance(ticket.get(f), str)]
    words = sorted({w.strip("()[]|*?.") for d in policy.text.detectors for p in d.patterns
                    for w in p.compiled.text.replace("|", " ").split() if not p.compiled.text.startswith("re:")}
                   | {w.strip("()[]|*?.") for c in policy.text.cues for w in c.compiled.text.replace("|", " ").split()
                      if not c.compiled.text.startswith("re:")})
    rng = random.Random(11)
    for _ in range(60):
        picked = []
        for _ in range(rng.randint(5, 160)):
            word = rng.choice(words + GLUE)
            roll = rng.random()
            picked.append(word.upper() if roll < 0.08 else word.capitalize() if roll < 0.14 else word)
        texts.append(" ".join(picked).replace("' ", "'"))
    return texts


def test_word_index_gives_the_words_of_any_part_of_the_text():
    for text in ("Hello wor_ld  a.b  éèx 12345 x n'a l'erreur, mais ok.", "abcdef", ""):
        index = _WordIndex(text)
        for low in range(len(text) + 1):
            for high in range(low, len(text) + 1):
                assert index.tokens_in(low, high) == set(re.findall(r"\w+", text[low:high])), (low, high)
                assert index.keys_in(low, high) == _keys(text[low:high]), (low, high)


def test_the_words_of_an_ascii_text_by_translate_are_those_of_findall():
    every_ascii = "".join(chr(c) for c in range(128))
    for text in (every_ascii, every_ascii * 2 + " a_b c9 d-e", "x\x1cy\x1fz\x0bw", "", "   ", "é a", "n'a l'erreur"):
        assert _tokens(text) == set(re.findall(r"\w+", text)), text


def test_the_last_boundary_is_the_last_of_finditer():
    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice("ab .!?;|\n\t.") for _ in range(rng.randint(0, 30)))
        low = rng.randint(0, len(text))
        high = rng.randint(low, len(text))
        expected = low
        for found in _BOUNDARY.finditer(text, low, high):
            expected = found.end()
        last = _LAST_BOUNDARY.match(text, low, high)
        assert (last.end() if last else low) == expected, (text, low, high)


@pytest.mark.parametrize("fast_setting", ["all", "few-always", "no-windows"])
def test_fast_paths_change_no_derived_flag(policy, monkeypatch, fast_setting):
    texts = _texts(policy)
    assert len(texts) > 100
    plain = TextFlags(policy.text)
    plain.matcher.use_prefilter = False  # every pattern scans the whole text, cues run as one regex each
    with monkeypatch.context() as patch:
        patch.setattr(matcher_module, "MANY_MENTIONS", 10**9)  # never the word index
        expected = [plain.apply({"description": t})[1] for t in texts]
    if fast_setting == "few-always":  # cues alone whenever any can match, and the word index always
        monkeypatch.setattr(_CueGroup, "FEW", 10**9)
        monkeypatch.setattr(matcher_module, "MANY_MENTIONS", 1)
    fast = TextFlags(policy.text)
    if fast_setting == "no-windows":  # the prefilter, but every candidate scans the whole text
        fast.matcher.use_windows = False
    assert [fast.apply({"description": t})[1] for t in texts] == expected
    assert sum(len(r) for r in expected) > 300  # the salad is full of mentions


def test_a_cue_run_alone_gives_the_alternations_matches(policy):
    """``_CueGroup._few`` rebuilds the alternation's matches (leftmost start, then the first
    cue in order; the scan goes on after each match) from each cue's own matches, for the
    anchored cues and for the regular-expression ones alike."""
    rng = random.Random(3)
    checked = 0
    matcher = TextFlags(policy.text).matcher
    for group in (*matcher.groups.values(), matcher.pseudo, matcher.terminators):
        for ids, lead in ((group.anchored_ids, "(?<!\\w)"), (group.loose_ids, "")):
            usable = [i for i in ids if group._alone(i) is not None]
            if len(usable) < 2:
                continue
            words = [w for i in usable for w in group.cues[i].compiled.text.replace("|", " ").split()
                     if w.isalpha()] + ["x", ",", "n'", ".", "if", "si", ":", "no", "dba (", "i wish it did not"]
            for _ in range(60):
                text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 60)))
                chosen = sorted(rng.sample(usable, min(len(usable), rng.randint(1, 4))))
                only = re.compile(lead + "(?:" + "|".join(f"(?P<c{i}>{group.cues[i].compiled.source})"
                                                           for i in chosen) + ")")
                expected = [(m.start(), m.end(), group.cues[int(m.lastgroup[1:])]) for m in only.finditer(text)]
                assert group._few(text, chosen) == expected, (text, chosen)
                checked += len(expected)
    assert checked > 100
