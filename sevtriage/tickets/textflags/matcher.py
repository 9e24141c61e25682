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

from sevtriage.policy.text.fold import Folded, fold
from sevtriage.policy.text.items import Cue, Detector
from sevtriage.policy.text.model import (
    AFTER,
    AROUND,
    BEFORE,
    HEDGE,
    NEGATION,
    PSEUDO,
    TERMINATOR,
    TextPolicy,
)
from sevtriage.policy.text.pattern import KEY_LEN
from sevtriage.tickets.textflags.mask import apply_mask, masked_spans

AFFIRMED, NEGATED, HEDGED = "affirmed", "negated", "hedged"
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_COUNTED_WORD = re.compile(r"\w[\w']*")
_BOUNDARY = re.compile(r"[!?;\n|]|\.(?=\s|$)")
# The last boundary before a place, in one C-level pass (the greedy ``.*`` backs off from the
# end): every boundary is one character, so it is the last match ``_BOUNDARY.finditer`` gives.
_LAST_BOUNDARY = re.compile(r"(?s:.*)(?:" + _BOUNDARY.pattern + ")")
SCOPE_CHARS = 240  # how far a clause reaches either way, at most (far beyond any window)


class Mention:
    """One detector mention, qualified. Written out rather than a frozen dataclass: the
    decorator's generated methods cost ~0.35 ms of CPU per class on the first text (start-up);
    it compares, hashes and reprs as that dataclass did."""

    __slots__ = ("cue", "detector", "end", "start", "status")

    detector: Detector
    start: int          # in the original text
    end: int
    status: str
    cue: str | None      # the cue's words as written in the text

    def __init__(self, detector: Detector, start: int, end: int, status: str, cue: str | None):
        setattr_ = object.__setattr__
        setattr_(self, "detector", detector)
        setattr_(self, "start", start)
        setattr_(self, "end", end)
        setattr_(self, "status", status)
        setattr_(self, "cue", cue)

    def _key(self) -> tuple[Detector, int, int, str, str | None]:
        return (self.detector, self.start, self.end, self.status, self.cue)

    def __reduce__(self) -> tuple[type[Mention], tuple[Detector, int, int, str, str | None]]:
        return Mention, self._key()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Mention(detector={self.detector!r}, start={self.start!r}, end={self.end!r}, "
                f"status={self.status!r}, cue={self.cue!r})")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


class _CueGroup:
    """The cues of one category and direction as one regex (longest first); ``lastgroup``
    tells which cue matched, hence its window. Cues with anchor words run only when one
    of their anchors occurs in the clause (most clauses have no cue at all).

    Faster, same matches: given the words of the scanned text, only the anchored cues whose
    required words all occur there can match (``CompiledPattern.needs``, as for the
    detectors), and only the other cues whose leading literal text occurs in it
    (``literal_prefixes``). When at most ``FEW`` of a kind can, each runs alone and the
    alternation's matches are rebuilt exactly (``_few``) instead of running every cue
    (regexes are compiled on first use: start-up, and a run without text never needs them)."""

    FEW = 3

    def __init__(self, cues: list[Cue]):
        self.cues = sorted(cues, key=lambda c: -len(c.compiled.source))
        self.anchored_ids = [i for i, c in enumerate(self.cues) if c.compiled.anchors is not None]
        self.loose_ids = [i for i, c in enumerate(self.cues) if c.compiled.anchors is None]
        self.keys = frozenset(k for i in self.anchored_ids for k in self.cues[i].compiled.anchors or ())
        self.by_key: dict[str, list[int]] = {}
        for i in self.anchored_ids:
            for key in self.cues[i].compiled.anchors or ():
                self.by_key.setdefault(key, []).append(i)
        self.needs = {i: self.cues[i].compiled.needs for i in self.anchored_ids}
        # The alternation of each kind (True: anchored) and each cue alone, compiled on first use
        # (start-up: a run without text never needs them).
        self.whole: dict[bool, re.Pattern[str] | None] = {}
        self.alone: dict[int, re.Pattern[str] | None] = {}

    def _lead(self, i: int) -> str:
        return "(?<!\\w)" if self.cues[i].compiled.anchors is not None else ""

    def _join(self, anchored: bool) -> re.Pattern[str] | None:
        ids = self.anchored_ids if anchored else self.loose_ids
        if not ids:
            return None
        return re.compile(("(?<!\\w)" if anchored else "") + "(?:" +
                          "|".join(f"(?P<c{i}>{self.cues[i].compiled.source})" for i in ids) + ")")

    def _alone(self, i: int) -> re.Pattern[str] | None:
        """Cue ``i`` alone, as it reads inside its alternation; None when it may match the empty
        string (whose place in ``finditer`` the rebuilding does not follow)."""
        if i not in self.alone:
            compiled = self.cues[i].compiled
            self.alone[i] = re.compile(self._lead(i) + "(?:" + compiled.source + ")") \
                if compiled.min_width > 0 else None
        return self.alone[i]

    def _can_start(self, i: int, text: str) -> bool:
        """False when no leading literal text of cue ``i`` occurs in ``text`` (no match there)."""
        prefixes = self.cues[i].compiled.prefixes
        return prefixes is None or any(p in text for p in prefixes)

    def _possible(self, tokens: set[str], keys: set[str]) -> list[int]:
        """The anchored cues (in alternation order) whose required words all occur in a text
        of these words and keys."""
        chosen: set[int] = set()
        for key in self.keys & keys:
            chosen.update(self.by_key[key])
        needs = self.needs
        return sorted(i for i in chosen if all(not whole.isdisjoint(tokens) or not prefixes.isdisjoint(keys)
                                               for whole, prefixes in needs[i]))

    def _run(self, text: str, anchored: bool, chosen: list[int] | None) -> list[tuple[int, int, Cue]]:
        """The matches of the alternation of one kind in ``text``, knowing that only the
        ``chosen`` cues can match there (None: not known)."""
        if chosen is not None and len(chosen) <= self.FEW and all(self._alone(i) is not None for i in chosen):
            return self._few(text, chosen) if chosen else []
        if anchored not in self.whole:
            self.whole[anchored] = self._join(anchored)
        regex = self.whole[anchored]
        if regex is None:
            return []
        return [(m.start(), m.end(), self.cues[int(m.lastgroup[1:])])
                for m in regex.finditer(text) if m.lastgroup is not None]

    def _few(self, text: str, chosen: list[int]) -> list[tuple[int, int, Cue]]:
        """The matches the alternation's ``finditer(text)`` gives when only the ``chosen`` cues
        can match: scanning on from the last match's end, the leftmost start wins and, at one
        start, the first cue in alternation order (the alternation tries its branches in
        that order at each position, and a branch alone matches there as it does inside it)."""
        out: list[tuple[int, int, Cue]] = []
        alone = [self._alone(i) for i in chosen]
        found = [regex.search(text) for regex in alone if regex is not None]  # each cue's next match
        while True:
            best = -1
            for slot, match in enumerate(found):
                if match is not None and (best < 0 or match.start() < found[best].start()):  # type: ignore[union-attr]
                    best = slot
            if best < 0:
                return out
            match = found[best]
            assert match is not None
            at = match.end()
            out.append((match.start(), at, self.cues[chosen[best]]))
            for slot, other in enumerate(found):  # a match that starts before ``at`` is passed over
                if other is not None and other.start() < at:
                    found[slot] = alone[slot].search(text, at)  # type: ignore[union-attr]

    def finditer(self, text: str, keys: frozenset[str] | set[str],
                 words: tuple[set[str], set[str]] | None = None) -> list[tuple[int, int, Cue]]:
        """The cue matches in ``text``: anchored cues only when one of their anchors is among
        ``keys`` (the clause's word keys); ``words``: the (words, keys) of ``text`` or of a
        text containing it, to run only the cues that can match (None: every cue)."""
        found: list[tuple[int, int, Cue]] = []
        if self.anchored_ids and self.keys & keys:
            found = self._run(text, True, None if words is None else self._possible(*words))
        if self.loose_ids:
            found += self._run(text, False, None if words is None else
                               [i for i in self.loose_ids if self._can_start(i, text)])
        if len(found) > 1:
            found.sort(key=lambda f: f[0])
        return found


_HARD = frozenset(" \t\n.,;:!?()[]{}<>\"|/")


def _window(text: str, size: int, places: dict[str, tuple[int, int]], keys: set[str], anchors: frozenset[str],
            width: int) -> tuple[int, int]:
    """The part of ``text`` where a match can lie: every match contains one of its anchors
    (the first letters of a required word) and is at most ``width`` long, so it starts at
    most ``width`` before the first anchor occurrence and ends at most ``width`` after the
    last. The end is pushed to just after a separator, so that no word is cut and the
    pattern's end-of-word checks read the real text: the matches are exactly those of a
    scan of the whole text (bench/text_speed.py checks it)."""
    first, last = size, -1
    for key in anchors & keys:  # the anchors among the text's word keys: where each occurs, found once
        place = places.get(key)
        if place is None:
            place = places[key] = (text.find(key), text.rfind(key))
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


def _anchor_need(needs: tuple[tuple[frozenset[str], frozenset[str]], ...],
                 anchors: frozenset[str] | None) -> tuple[frozenset[str], frozenset[str]] | None:
    """The need whose keys are the pattern's anchors (any need would be sound; that one is
    the rarest by the compiler's choice), or None when the pattern has no anchor."""
    if anchors is None or not needs:
        return None
    for whole, prefixes in needs:
        if {w[:KEY_LEN] for w in whole} | prefixes == anchors:
            return whole, prefixes
    return needs[0]


def _keys(text: str) -> set[str]:
    return {t[:KEY_LEN] for t in _WORD.findall(text)}


# Every ASCII character that is not a word character (``\\w``), made a space.
_SPACES = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


def _tokens(text: str) -> set[str]:
    """The words of ``text`` (its ``\\w`` runs, as ``_WORD.findall`` gives them). An ASCII text
    (nearly all, once folded) is split by C-level ``translate`` and ``split``, ~40% faster."""
    if text.isascii():
        return set(text.translate(_SPACES).split())
    return set(_WORD.findall(text))


def _words(text: str) -> tuple[set[str], set[str]]:
    """The words of ``text`` (``\\w`` runs) and their keys."""
    tokens = _tokens(text)
    return tokens, {t[:KEY_LEN] for t in tokens}


class _WordIndex:
    """Every word of one text, built once: the words of any part of the text are then a
    slice (C-level) instead of a regex pass over that part. Used when a text has many
    mentions (each asks for the words of its clause twice); ``tokens_in`` equals the
    words of ``text[low:high]`` exactly, the words cut by the part's edges included."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str] = []
        for match in _WORD.finditer(text):
            start, end = match.span()
            self.starts.append(start)
            self.ends.append(end)
            self.words.append(match.group())

    def tokens_in(self, low: int, high: int) -> set[str]:
        first = bisect.bisect_left(self.starts, low)
        last = bisect.bisect_left(self.starts, high)  # words first..last-1 start inside
        if last > first and self.ends[last - 1] > high:  # the last one is cut by the end
            out = set(self.words[first:last - 1])
            out.add(self.text[self.starts[last - 1]:high])
        else:
            out = set(self.words[first:last])
        if first > 0 and self.ends[first - 1] > low < high:  # a word cut by the start
            out.add(self.text[low:min(self.ends[first - 1], high)])
        return out

    def keys_in(self, low: int, high: int) -> set[str]:
        return {t[:KEY_LEN] for t in self.tokens_in(low, high)}

    def words_in(self, low: int, high: int) -> tuple[set[str], set[str]]:
        tokens = self.tokens_in(low, high)
        return tokens, {t[:KEY_LEN] for t in tokens}


MANY_MENTIONS = 8  # from this many spans in a text, index its words once


def _words_between(text: str, start: int, end: int) -> int:
    return len(_COUNTED_WORD.findall(text, start, end)) if end > start else 0


class TextMatcher:
    """A ``TextPolicy`` compiled for matching: built once, used for every ticket."""

    def __init__(self, text_policy: TextPolicy):
        self.policy = text_policy
        # Each pattern's regex and window are worked out when it is first a candidate (start-up).
        self.patterns = [(d, p.compiled) for d in text_policy.detectors for p in d.patterns]
        # Which patterns to try on a text: each is indexed by the whole words and prefix keys of
        # one of its needs (its anchor's, as ``CompiledPattern.anchors`` chose it); a text's
        # words then pick its candidates with set operations, and its other needs filter them.
        self.needs = [p.compiled.needs for d in text_policy.detectors for p in d.patterns]
        self.by_word: dict[str, list[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}
        self.always: list[int] = []
        number = 0
        for detector in text_policy.detectors:
            for pattern in detector.patterns:
                anchor = _anchor_need(pattern.compiled.needs, pattern.compiled.anchors)
                if anchor is None:
                    self.always.append(number)
                else:
                    # a pattern chosen by its anchor has that need met: check only the others
                    self.needs[number] = tuple(n for n in pattern.compiled.needs if n != anchor)
                    for word in anchor[0]:
                        self.by_word.setdefault(word, []).append(number)
                    for key in anchor[1]:
                        self.by_prefix.setdefault(key, []).append(number)
                number += 1
        self.words = frozenset(self.by_word)
        self.prefixes = frozenset(self.by_prefix)
        self.use_prefilter = True  # off: every pattern runs (bench/text_speed.py checks both agree)
        self.use_windows = True  # off: candidates scan the whole text (tests compare)
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
        tokens, keys = _words(masked)
        chosen = set(self.always)
        for word in tokens & self.words:
            chosen.update(self.by_word[word])
        for key in keys & self.prefixes:
            chosen.update(self.by_prefix[key])
        needs = self.needs
        out = []
        for number in sorted(chosen):
            for whole, prefixes in needs[number]:
                if whole.isdisjoint(tokens) and (not prefixes or prefixes.isdisjoint(keys)):
                    break
            else:
                out.append(number)
        return out, keys

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of every detector in ``text``, in text order."""
        folded, masked = self.prepare(text)
        spans: list[tuple[int, int, Detector]] = []
        size = len(masked)
        numbers, keys = self._candidates(masked)
        # first and last occurrence of each anchor key met (substrings: a superset of the words)
        places: dict[str, tuple[int, int]] = {}
        for number in numbers:
            detector, compiled = self.patterns[number]
            # Where to look: around its anchors, as far as its widest match reaches.
            anchors = compiled.anchors if self.use_prefilter and self.use_windows else None
            width = None if anchors is None else compiled.window_width
            low, high = (0, size) if anchors is None or width is None else \
                _window(masked, size, places, keys, anchors, width)
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
        return self._clause(masked, start, end, words)[:2]

    def _region_words(self, masked: str, low: int, high: int,
                      words: _WordIndex | None) -> tuple[set[str], set[str]]:
        return _words(masked[low:high]) if words is None else words.words_in(low, high)

    def _clause(self, masked: str, start: int, end: int,
                words: _WordIndex | None) -> tuple[int, int, tuple[set[str], set[str]], bool]:
        """``clause``, with the words of the sentence part it was cut from and whether a
        terminator cut it (if not, those are the clause's words)."""
        low = max(0, start - SCOPE_CHARS)
        high = min(len(masked), end + SCOPE_CHARS)
        last_boundary = _LAST_BOUNDARY.match(masked, low, start)  # the end of the last one, as finditer's
        clause_start = last_boundary.end() if last_boundary else low
        boundary = _BOUNDARY.search(masked, end, high)
        clause_end = boundary.start() if boundary else high
        region = self._region_words(masked, clause_start, clause_end, words)
        first, last = clause_start, clause_end
        for t_start, t_end, _ in self.terminators.finditer(masked[first:last], region[1],
                                                           region if self.use_prefilter else None):
            # Offsets are added to the clause start as it moves (not to ``first``): kept as it was
            # when written, so that a speed change moves no flag (see docs/text-flags.md).
            t_start += clause_start
            t_end += clause_start
            if t_end <= start:
                clause_start = t_end
            elif t_start >= end:
                clause_end = t_start
                break
        return clause_start, clause_end, region, (clause_start, clause_end) != (first, last)

    def qualify(self, masked: str, start: int, end: int,
                words: _WordIndex | None = None) -> tuple[str, tuple[int, int] | None]:
        """The status of the mention [start, end) of ``masked``, and the cue's span
        (``words``: the text's word index, when the caller built one)."""
        low, high, region, cut = self._clause(masked, start, end, words)
        clause = masked[low:high]
        s, e = start - low, end - low
        if cut:
            region = self._region_words(masked, low, high, words)
        keys = region[1]
        # The words of each scanned part, for the per-cue choice: the part before the mention
        # has no word of its own (the mention starts a word); the part after it may start
        # inside the mention's last word (a prefix or a regex can end there): add that piece.
        fast = region if self.use_prefilter else None
        after = fast
        if fast is not None and 0 < e < len(clause) and _WORD_CHAR.match(clause, e - 1) and \
                _WORD_CHAR.match(clause, e):
            piece = _WORD.match(clause, e)
            assert piece is not None
            after = (fast[0] | {piece.group()}, fast[1] | {piece.group()[:KEY_LEN]})
        hidden = [(a, b) for a, b, _ in self.pseudo.finditer(clause, keys, fast)]

        def free(a: int, b: int) -> bool:
            return not any(a < hb and ha < b for ha, hb in hidden)

        for category, status in ((HEDGE, HEDGED), (NEGATION, NEGATED)):
            best: tuple[int, int] | None = None
            for a, b, cue in self.groups[(category, BEFORE)].finditer(clause[:s], keys, fast):
                if free(a, b) and _words_between(clause, b, s) <= cue.window:
                    best = (a, b)  # the nearest wins: later matches overwrite
            if best is None:
                for a, b, cue in self.groups[(category, AFTER)].finditer(clause[e:], keys, after):
                    if free(a + e, b + e) and _words_between(clause, e, a + e) <= cue.window:
                        best = (a + e, b + e)
                        break
            if best is None:
                for a, b, cue in self.groups[(category, AROUND)].finditer(clause, keys, fast):
                    if a < s and free(a, b) and (b > s or _words_between(clause, b, s) <= cue.window):
                        best = (a, b)
                        break
            if best is not None:
                return status, (best[0] + low, best[1] + low)
        return AFFIRMED, None
