"""Find detector mentions in one text and qualify each: affirmed, negated or hedged.

The NegEx/ConText procedure, with cues as policy data:

1. fold the text (``policy.text.fold``) and mask what is not prose (``mask``);
2. run the patterns whose anchor word occurs in the text (one set
   intersection decides; most patterns never run on most tickets);
3. for each match, the *clause* around it: from the last sentence boundary or
   terminator (``but``, ``mais``, ...) before it to the first one after it;
4. inside the clause: a pseudo-negation (``not only``, ``ne ... que``) hides
   the cues it overlaps; a hedge cue within its window before or after makes
   the mention hedged; else a negation cue within its window before or after
   (or a French ``ne ... pas`` around it, which needs its second part) makes
   it negated; else it is affirmed. A cue never overlaps the match itself: the
   pattern's own words (``does not start``) belong to the pattern.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from sevtriage.policy.text.fold import Folded, fold
from sevtriage.policy.text.model import (
    AFTER,
    AROUND,
    BEFORE,
    HEDGE,
    NEGATION,
    PSEUDO,
    TERMINATOR,
    Cue,
    Detector,
    TextPolicy,
)
from sevtriage.policy.text.pattern import KEY_LEN
from sevtriage.tickets.textflags.mask import apply_mask, masked_spans

AFFIRMED, NEGATED, HEDGED = "affirmed", "negated", "hedged"
_WORD = re.compile(r"\w+")
_COUNTED_WORD = re.compile(r"\w[\w']*")
_BOUNDARY = re.compile(r"[!?;\n|]|\.(?=\s|$)")
SCOPE_CHARS = 240  # how far a clause reaches either way, at most (far beyond any window)


@dataclass(frozen=True, slots=True)
class Mention:
    detector: Detector
    start: int          # in the original text
    end: int
    status: str
    cue: str | None      # the cue's words as written in the text


class _CueGroup:
    """The cues of one category and direction as one regex (longest first); ``lastgroup``
    tells which cue matched, hence its window. Cues with anchor words run only when one
    of their anchors occurs in the clause (most clauses have no cue at all). The regexes
    are compiled on first use (start-up: a run without text never needs them)."""

    def __init__(self, cues: list[Cue]):
        self.cues = sorted(cues, key=lambda c: -len(c.compiled.source))
        anchored = [(i, c) for i, c in enumerate(self.cues) if c.compiled.anchors is not None]
        loose = [(i, c) for i, c in enumerate(self.cues) if c.compiled.anchors is None]
        self.keys = frozenset(k for _, c in anchored for k in c.compiled.anchors or ())
        # Compiled on first use (start-up: a run without text never needs them; the anchored
        # one only once a clause holds one of its anchors).
        self._anchored_source = self._join(anchored, "(?<!\\w)")
        self._loose_source = self._join(loose, "")

    @staticmethod
    def _join(cues: list[tuple[int, Cue]], lead: str) -> str | None:
        if not cues:
            return None
        return lead + "(?:" + "|".join(f"(?P<c{i}>{c.compiled.source})" for i, c in cues) + ")"

    @cached_property
    def anchored(self) -> re.Pattern[str] | None:
        return None if self._anchored_source is None else re.compile(self._anchored_source)

    @cached_property
    def loose(self) -> re.Pattern[str] | None:
        return None if self._loose_source is None else re.compile(self._loose_source)

    def finditer(self, text: str, keys: frozenset[str] | set[str]) -> list[tuple[int, int, Cue]]:
        found = []
        for regex in (self.anchored if self.keys & keys else None, self.loose):
            if regex is not None:
                found += [(m.start(), m.end(), self.cues[int(m.lastgroup[1:])])
                          for m in regex.finditer(text) if m.lastgroup is not None]
        if len(found) > 1:
            found.sort(key=lambda f: f[0])
        return found


_HARD = frozenset(" \t\n.,;:!?()[]{}<>\"|/")


def _window(text: str, size: int, places: dict[str, tuple[int, int]], anchors: frozenset[str],
            width: int) -> tuple[int, int]:
    """The part of ``text`` where a match can lie: every match contains one of its anchors
    (the first letters of a required word) and is at most ``width`` long, so it starts at
    most ``width`` before the first anchor occurrence and ends at most ``width`` after the
    last. The end is pushed to just after a separator, so that no word is cut and the
    pattern's end-of-word checks read the real text: the matches are exactly those of a
    scan of the whole text (bench/text_speed.py checks it)."""
    first, last = size, -1
    for key in anchors:
        place = places.get(key)
        if place is not None:
            if place[0] < first:
                first = place[0]
            if place[1] > last:
                last = place[1]
    if last < 0:
        return 0, size  # an anchor not among the words (a short key inside a longer word): scan all
    low = max(0, first - width)
    high = min(size, last + width + 1)
    while high < size and text[high - 1] not in _HARD:
        high += 1
    return low, high


def _keys(text: str) -> set[str]:
    return {t[:KEY_LEN] for t in _WORD.findall(text)}


class _WordIndex:
    """Every word of one text with its key, built once: the words of any part of the text
    are then a slice (C-level) instead of a regex pass over that part. Used when a text
    has many mentions (each asks for the words of its clause twice); ``keys`` equals
    ``_keys(text[low:high])`` exactly, the words cut by the part's edges included."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.keys: list[str] = []
        for match in _WORD.finditer(text):
            start, end = match.span()
            self.starts.append(start)
            self.ends.append(end)
            self.keys.append(match.group()[:KEY_LEN])

    def keys_in(self, low: int, high: int) -> set[str]:
        first = bisect.bisect_left(self.starts, low)
        last = bisect.bisect_left(self.starts, high)  # words first..last-1 start inside
        if last > first and self.ends[last - 1] > high:  # the last one is cut by the end
            out = set(self.keys[first:last - 1])
            out.add(self.text[self.starts[last - 1]:high][:KEY_LEN])
        else:
            out = set(self.keys[first:last])
        if first > 0 and self.ends[first - 1] > low < high:  # a word cut by the start
            out.add(self.text[low:min(self.ends[first - 1], high)][:KEY_LEN])
        return out


MANY_MENTIONS = 8  # from this many spans in a text, index its words once


def _words_between(text: str, start: int, end: int) -> int:
    return len(_COUNTED_WORD.findall(text, start, end)) if end > start else 0


class TextMatcher:
    """A ``TextPolicy`` compiled for matching: built once, used for every ticket."""

    def __init__(self, text_policy: TextPolicy):
        self.policy = text_policy
        # Each pattern's regex and window are worked out when it is first a candidate (start-up).
        self.patterns = [(d, p.compiled) for d in text_policy.detectors for p in d.patterns]
        self.index: dict[str, list[int]] = {}
        self.always: list[int] = []
        number = 0
        for detector in text_policy.detectors:
            for pattern in detector.patterns:
                anchors = pattern.compiled.anchors
                if anchors is None:
                    self.always.append(number)
                else:
                    for key in anchors:
                        self.index.setdefault(key, []).append(number)
                number += 1
        self.keys = frozenset(self.index)
        self.needs = [p.compiled.needs for d in text_policy.detectors for p in d.patterns]
        self.use_prefilter = True  # off: every pattern runs (bench/text_speed.py checks both agree)
        cues = text_policy.cues
        self.groups = {(cat, d): _CueGroup([c for c in cues if c.category == cat and c.direction == d])
                       for cat in (NEGATION, HEDGE) for d in (BEFORE, AFTER, AROUND)}
        self.pseudo = _CueGroup([c for c in cues if c.category == PSEUDO])
        self.terminators = _CueGroup([c for c in cues if c.category == TERMINATOR])

    def prepare(self, text: str) -> tuple[Folded, str]:
        folded = fold(text)
        return folded, apply_mask(folded.text, masked_spans(folded.text))

    def candidates(self, masked: str) -> list[int]:
        return self._candidates(masked)[0]

    def _candidates(self, masked: str) -> tuple[list[int], set[str]]:
        """The patterns whose anchor occurs in the text and each of whose other required
        words occurs too, and the anchor keys found."""
        if not self.use_prefilter:
            return list(range(len(self.patterns))), set()
        tokens = set(_WORD.findall(masked))
        words = {t[:KEY_LEN] for t in tokens}
        found = words & self.keys
        chosen = set(self.always)
        for key in found:
            chosen.update(self.index[key])
        needs = self.needs
        return [n for n in sorted(chosen)
                if all(not whole.isdisjoint(tokens) or not keys.isdisjoint(words) for whole, keys in needs[n])], found

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of every detector in ``text``, in text order."""
        folded, masked = self.prepare(text)
        spans: list[tuple[int, int, Detector]] = []
        size = len(masked)
        numbers, found = self._candidates(masked)
        # first and last occurrence of each anchor key found (substrings: a superset of the words)
        places = {key: (masked.find(key), masked.rfind(key)) for key in found}
        for number in numbers:
            detector, compiled = self.patterns[number]
            # Where to look: around its anchors, as far as its widest match reaches.
            anchors = compiled.anchors if self.use_prefilter else None
            width = None if anchors is None else compiled.max_width
            low, high = (0, size) if anchors is None or width is None else _window(masked, size, places, anchors,
                                                                                   width)
            for match in compiled.regex.finditer(masked, low, high):
                start, end = match.span()
                if end == start or (start and (masked[start - 1].isalnum() or masked[start - 1] == "_")):
                    continue
                spans.append((start, end, detector))
        if not spans:
            return []
        spans.sort(key=lambda s: (s[0], -s[1]))
        out = []
        words = _WordIndex(masked) if len(spans) >= MANY_MENTIONS else None
        taken: dict[str, int] = {}  # detector id -> end of its last kept span (no overlapping repeats)
        for start, end, detector in spans:
            if taken.get(detector.id, -1) > start:
                continue
            taken[detector.id] = end
            status, cue = self.qualify(masked, start, end, words)
            cue_text = text[folded.original(cue[0]):folded.original(cue[1])] if cue else None
            out.append(Mention(detector, folded.original(start), folded.original(end), status, cue_text))
        return out

    def clause(self, masked: str, start: int, end: int, words: _WordIndex | None = None) -> tuple[int, int]:
        """The clause around [start, end): cut at sentence boundaries and terminators."""
        low = max(0, start - SCOPE_CHARS)
        high = min(len(masked), end + SCOPE_CHARS)
        clause_start = low
        for found in _BOUNDARY.finditer(masked, low, start):
            clause_start = found.end()
        boundary = _BOUNDARY.search(masked, end, high)
        clause_end = boundary.start() if boundary else high
        keys = _keys(masked[clause_start:clause_end]) if words is None else words.keys_in(clause_start, clause_end)
        for t_start, t_end, _ in self.terminators.finditer(masked[clause_start:clause_end], keys):
            t_start += clause_start
            t_end += clause_start
            if t_end <= start:
                clause_start = t_end
            elif t_start >= end:
                clause_end = t_start
                break
        return clause_start, clause_end

    def qualify(self, masked: str, start: int, end: int,
                words: _WordIndex | None = None) -> tuple[str, tuple[int, int] | None]:
        """The status of the mention [start, end) of ``masked``, and the cue's span
        (``words``: the text's word index, when the caller built one)."""
        low, high = self.clause(masked, start, end, words)
        clause = masked[low:high]
        s, e = start - low, end - low
        keys = _keys(clause) if words is None else words.keys_in(low, high)
        hidden = [(a, b) for a, b, _ in self.pseudo.finditer(clause, keys)]

        def free(a: int, b: int) -> bool:
            return not any(a < hb and ha < b for ha, hb in hidden)

        for category, status in ((HEDGE, HEDGED), (NEGATION, NEGATED)):
            best: tuple[int, int] | None = None
            for a, b, cue in self.groups[(category, BEFORE)].finditer(clause[:s], keys):
                if free(a, b) and _words_between(clause, b, s) <= cue.window:
                    best = (a, b)  # the nearest wins: later matches overwrite
            if best is None:
                for a, b, cue in self.groups[(category, AFTER)].finditer(clause[e:], keys):
                    if free(a + e, b + e) and _words_between(clause, e, a + e) <= cue.window:
                        best = (a + e, b + e)
                        break
            if best is None:
                for a, b, cue in self.groups[(category, AROUND)].finditer(clause, keys):
                    if a < s and free(a, b) and (b > s or _words_between(clause, b, s) <= cue.window):
                        best = (a, b)
                        break
            if best is not None:
                return status, (best[0] + low, best[1] + low)
        return AFFIRMED, None
