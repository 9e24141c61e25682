"""The detector pattern language, compiled to regular expressions over folded text.

Authors write words, not regular expressions:

- ``data loss``: words in order, separated by spaces or punctuation within a
  sentence (a pattern never crosses ``. ! ? ;``, a blank line or a masked span);
- ``crash*``: a prefix wildcard (``crash``, ``crashes``, ``crashed``);
- ``(hang|freeze*|stops responding)``: alternatives, each a sequence;
- ``[the]``: optional words;
- ``...`` or ``...N``: a gap of up to 3 (or N, at most 8) words;
- ``re:<regex>``: an escape hatch, a regular expression over the folded text
  whose cost is bounded (see ``check_regex_cost``).

The compiler folds each word as the text is folded (case, accents,
typographic apostrophes), and for French expands elision both ways: ``n'a``
and ``ne`` each match ``ne`` and ``n'``; ``l'`` matches ``le``, ``la`` and
``l'``. An author writes ``s'est arrêté`` or ``se est arrete`` alike.

Each compiled pattern carries its *anchors*: word keys (the first four
letters of a word, or a short word whole) one of which must occur in a text for
the pattern to possibly match. The matcher runs only the patterns whose
anchor occurs: most tickets mention few of the words, so most patterns are
never run on most tickets. A pattern without an anchor is always run.
"""

from __future__ import annotations

import marshal
import re
from functools import cached_property
from typing import Any

from sevtriage.policy.text.values import FrozenValue

# The standard library's own regex parser and its constants (the cost check reads the parse tree).
sre_parse: Any = getattr(re, "_parser")  # noqa: B009 (private module, untyped)
sre_constants: Any = getattr(re, "_constants")  # noqa: B009

# Between two words of a pattern: spaces and in-sentence punctuation, at most
# one line break (a blank line ends a paragraph), never a slash (paths: src/main/site)
# nor a masked span.
SEP = r"(?:[^\w.!?;|/\n]{1,6}(?:\n[^\w.!?;|/\n]{0,4})?|\n[^\w.!?;|/\n]{0,4})"
# A gap never swallows a negation or a hedge: "the application ...3 crashed" must not
# match "the application has never crashed" (the cue would be hidden inside the match).
GAP_STOP = ("not", "no", "never", "without", "nothing", "none", "could", "might", "would", "should", "may",
            "ne", "n", "pas", "plus", "jamais", "aucun", "aucune", "sans", "ni", "rien", "pourrait")
GAP_WORD = r"(?!(?:" + "|".join(GAP_STOP) + r")(?!\w)|\w+n't)\w[\w'\-]{0,40}"
# The rest of a word after a prefix (bounded, so that every readable pattern has a maximum width:
# the matcher scans only around the anchor words it found).
PREFIX_TAIL = r"[\w'\-]{0,40}"
DEFAULT_GAP, MAX_GAP = 3, 8
KEY_LEN = 4
MAX_REGEX_LENGTH = 400
MAX_BOUNDED_REPEAT = 60
MAX_SINGLE_REPEAT = 400
REGEX_PREFIX = "re:"

ELISION = {
    "ne": ("ne", "n"), "n": ("ne", "n"), "se": ("se", "s"), "s": ("se", "s"),
    "de": ("de", "d"), "d": ("de", "d"), "le": ("le", "l"), "la": ("la", "l"),
    "l": ("le", "la", "l"), "je": ("je", "j"), "j": ("je", "j"), "que": ("que", "qu"),
    "qu": ("que", "qu"), "me": ("me", "m"), "m": ("me", "m"), "te": ("te", "t"),
    "t": ("te", "t"), "ce": ("ce", "c"), "c": ("ce", "c"),
    "jusque": ("jusque", "jusqu"), "lorsque": ("lorsque", "lorsqu"), "puisque": ("puisque", "puisqu"),
}
_ELIDED_FORMS = frozenset({"n", "s", "d", "l", "j", "qu", "m", "t", "c", "jusqu", "lorsqu", "puisqu"})
_ELIDED_PREFIX = re.compile(r"^(l|d|n|s|j|qu|c|m|t|jusqu|lorsqu|puisqu)'(.+)$")
_TOKEN = re.compile(r"\s+|\.\.\.(\d+)?|[()\[\]|]|\?(?=\s|$)|[^\s()\[\]|]+")
QUESTION = r"[^.!?;|\n]{0,120}\?"  # "?": the rest of the sentence ends with a question mark
_WORD_RUN = re.compile(r"\w+")


Node = tuple[Any, ...]  # parse tree: ("word", text, prefix, col) | ("seq", items) | ("alt", seqs) | ...


class PatternError(ValueError):
    """A pattern that cannot be compiled; ``column`` is 1-based within the pattern."""

    def __init__(self, message: str, column: int = 1):
        super().__init__(message)
        self.column = column


class CompiledPattern(FrozenValue):
    """A pattern, parsed (so that a bad one is refused at load, at its column).

    Its regular expression and what the matcher reads of it are worked out on first
    use and kept: a run compiles only the patterns its texts need. Compiling all of
    the bundled policy's ~400 patterns and cues took about 0.2 s of CPU, most of a
    one-ticket run's start-up, for a ticket that may have no text at all. Each is a
    function of ``text`` and ``language``, which alone make a pattern's identity.
    """

    _fields = ("text", "language", "parsed")
    _compared = ("text", "language")  # not parsed
    _shown = _compared

    text: str
    language: str
    #: the parse tree (None: a "re:" pattern), or its marshalled bytes: the bundled policy's
    #: snapshot keeps each tree so, read on first use (a ticket without text reads none)
    parsed: Node | bytes | None

    def __init__(self, text: str, language: str, parsed: Node | bytes | None):
        set_ = object.__setattr__
        set_(self, "text", text)
        set_(self, "language", language)
        set_(self, "parsed", parsed)

    @classmethod
    def restored(cls, text: str, language: str, parsed: bytes,
                 anchors: frozenset[str] | None, needs: tuple[Need, ...],
                 derived: tuple[str, int | None, int, frozenset[str] | None]) -> CompiledPattern:
        """A pattern as the bundled policy's snapshot recorded it: its tree (read on first use)
        and what the matcher indexes every pattern by on the first text (``anchors``, ``needs``,
        worked out from the tree when the snapshot was written; ~20 ms for all of them), and
        what the matcher reads of a candidate (``derived``: ``source``, ``window_width``,
        ``min_width``, ``prefixes``): rendering a tree and parsing its regex again for its
        widths and prefixes took more CPU on the first text than compiling the regexes."""
        pattern = cls(text, language, parsed)
        source, window_width, min_width, prefixes = derived
        vars(pattern).update(anchors=anchors, needs=needs, source=source, window_width=window_width,
                             min_width=min_width, prefixes=prefixes)  # the cached_property values
        return pattern

    def derived(self) -> tuple[str, int | None, int, frozenset[str] | None]:
        """What ``restored`` takes as ``derived`` (the snapshot records it)."""
        return self.source, self.window_width, self.min_width, self.prefixes

    @cached_property
    def tree(self) -> Node | None:
        """The parse tree: ("word", text, prefix, column) | ("seq", items) | ("alt", seqs) | ...;
        None for a "re:" pattern."""
        if isinstance(self.parsed, bytes):
            tree: Node | None = marshal.loads(self.parsed)
            return tree
        return self.parsed

    @cached_property
    def source(self) -> str:
        """The regular expression, as text."""
        return self.text[len(REGEX_PREFIX):].strip() if self.tree is None else _render(self.tree, self.language)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def anchors(self) -> frozenset[str] | None:
        """None: no anchor, always run."""
        return regex_keys(self.source) if self.tree is None else _keys(self.tree, self.language)

    @cached_property
    def canonical(self) -> str | None:
        """The shortest reading (first alternatives, no optional words): lint."""
        return None if self.tree is None else _canonical(self.tree)

    @cached_property
    def max_width(self) -> int | None:
        """The longest text it can match (None: unbounded)."""
        return max_width(self.source)

    @cached_property
    def min_width(self) -> int:
        """The shortest text it can match (0: it may match the empty string)."""
        return int(sre_parse.parse(self.source).getwidth()[0])

    @cached_property
    def prefixes(self) -> frozenset[str] | None:
        """``literal_prefixes`` of its regex: strings one of which starts every match (None: not known)."""
        return literal_prefixes(self.source)

    @cached_property
    def window_width(self) -> int | None:
        """How far from a match's start the regex may read: its widest match, plus, for a ``re:``
        pattern, what its lookaheads read beyond it (the matcher's window around an anchor must
        hold all of it: a scan stops reading at the window's end). None: no window, scan all.
        A readable pattern's lookaheads read only to the end of the word they stand at, which
        the window's end (pushed past a separator) always holds."""
        width = self.max_width
        if width is None or self.tree is not None:
            return width
        ahead = lookahead_width(self.source)
        return None if ahead is None else width + ahead

    @cached_property
    def required(self) -> tuple[frozenset[str], ...]:
        """Every required word's keys: a match needs one key of each set among the text's words
        (the anchors are one of these sets; the others prune candidates before any scan)."""
        if self.tree is None:
            return (self.anchors,) if self.anchors is not None else ()
        return _required(self.tree, self.language)

    @cached_property
    def needs(self) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        """The same items, sharper: (whole words, prefix keys) per required item; a match needs,
        for each item, one of its whole words among the text's words or one of its prefix keys
        among the text's word keys (``_needs``); a ``re:`` pattern's anchors as its one need.
        Empty: no such check."""
        if self.tree is None:
            return ((frozenset(), self.anchors),) if self.anchors is not None else ()
        return _needs(self.tree, self.language)


# --- parse tree: ("word", text, prefix) | ("seq", [items]) | ("alt", [seqs]) | ("opt", alt) | ("gap", n)

def _tokens(pattern: str) -> list[tuple[str, int, str | None]]:
    out = []
    for match in _TOKEN.finditer(pattern):
        text = match.group()
        if text.isspace():
            continue
        out.append((text, match.start() + 1, match.group(1)))
    return out


class _Parser:
    def __init__(self, pattern: str, language: str):
        from sevtriage.policy.text.fold import fold_words  # not needed by a policy from the snapshot

        self.fold_words = fold_words
        self.tokens = _tokens(pattern)
        self.at = 0
        self.language = language

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def column(self) -> int:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else (
            self.tokens[-1][1] + len(self.tokens[-1][0]) if self.tokens else 1)

    def alternatives(self, closer: str | None) -> Node:
        seqs = [self.sequence(closer)]
        while self.peek() == "|":
            self.at += 1
            seqs.append(self.sequence(closer))
        return ("alt", seqs)

    def sequence(self, closer: str | None) -> Node:
        items: list[Node] = []
        start = self.column()
        while (token := self.peek()) is not None and token not in ("|", ")", "]"):
            column = self.column()
            text, _, gap_digits = self.tokens[self.at]
            self.at += 1
            if text in ("(", "["):
                inner = self.alternatives(")" if text == "(" else "]")
                expected = ")" if text == "(" else "]"
                if self.peek() != expected:
                    raise PatternError(f'"{text}" opened here is not closed by "{expected}"', column)
                self.at += 1
                items.append(inner if text == "(" else ("opt", inner))
            elif text == "?":
                if self.peek() is not None and self.peek() not in ("|", ")", "]"):
                    raise PatternError('"?" (the sentence ends with a question mark) must come last', column)
                items.append(("question", column))
            elif text.startswith("..."):
                size = int(gap_digits) if gap_digits else DEFAULT_GAP
                if not 1 <= size <= MAX_GAP:
                    raise PatternError(f"a gap is 1 to {MAX_GAP} words, not {size}", column)
                items.append(("gap", size, column))
            else:
                items.extend(self.words(text, column))
        if closer is None and self.peek() in (")", "]"):
            raise PatternError(f'"{self.peek()}" closes nothing', self.column())
        if not any(item[0] in ("word", "alt") for item in items):
            raise PatternError("this part of the pattern has no required word: it would match "
                               "anything (or nothing)", start)
        if items[0][0] == "question":
            raise PatternError('"?" must follow words', items[0][1])
        for edge in (items[0], items[-1]):
            if edge[0] == "gap":
                raise PatternError("a gap must stand between two words", edge[2])
        return ("seq", items)

    def words(self, text: str, column: int) -> list[Node]:
        prefix = text.endswith("*")
        body = text[:-1] if prefix else text
        if "*" in body:
            raise PatternError("\"*\" is a prefix wildcard: only at the end of a word", column)
        folded = self.fold_words(body)
        if not folded or not _WORD_RUN.search(folded):
            raise PatternError(f'"{text}" has no letter or digit', column)
        if self.language == "fr":
            if folded.endswith("'") and folded[:-1] in _ELIDED_FORMS:  # "n'" alone: the elided word
                return [("word", folded[:-1], False, column)]
            elided = _ELIDED_PREFIX.match(folded)
            if elided:
                return [("word", elided.group(1), False, column), ("word", elided.group(2), prefix, column)]
        return [("word", folded, prefix, column)]


def _word_regex(word: str, prefix: bool, language: str) -> str:
    if prefix:
        return re.escape(word) + PREFIX_TAIL
    forms = ELISION.get(word, (word,)) if language == "fr" else (word,)
    if len(forms) == 1:
        return re.escape(word) + r"(?!\w)"
    # The full form is a word; an elided form is one only before an apostrophe ("s'est", not "touche S").
    full = [re.escape(f) for f in forms if f not in _ELIDED_FORMS]
    elided = [re.escape(f) for f in forms if f in _ELIDED_FORMS]
    parts = ([f"(?:{'|'.join(full)})(?!\\w)"] if full else []) + ([f"(?:{'|'.join(elided)})(?=')"] if elided else [])
    return "(?:" + "|".join(parts) + ")"


def _render(node: Node, language: str) -> str:
    kind = node[0]
    if kind == "word":
        return _word_regex(node[1], node[2], language)
    if kind == "alt":
        parts = [_render(seq, language) for seq in node[1]]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if kind == "opt":
        return _render(node[1], language)
    assert kind == "seq"
    out = ""
    pending: list[Node] = []  # optional parts and gaps waiting for the next required item
    started = False
    for item in node[1]:
        if item[0] in ("gap", "opt"):
            pending.append(item)
            continue
        lead = ""
        if item[0] == "question":
            out += QUESTION
            continue
        for waiting in pending:
            if waiting[0] == "gap":
                lead += f"(?:{GAP_WORD}{SEP}){{0,{waiting[1]}}}"
            else:
                lead += f"(?:{_render(waiting, language)}{SEP})?"
        out += (SEP if started else "") + lead + _render(item, language)
        pending = []
        started = True
    for waiting in pending:  # trailing optional words (a trailing gap is refused by the parser)
        out += f"(?:{SEP}{_render(waiting, language)})?"
    return out


def _keys(node: Node, language: str) -> frozenset[str] | None:
    kind = node[0]
    if kind == "word":
        word, prefix = node[1], node[2]
        forms = ELISION.get(word, (word,)) if language == "fr" and not prefix else (word,)
        keys = set()
        for form in forms:
            run = _WORD_RUN.search(form)
            assert run is not None
            if len(run.group()) >= KEY_LEN:
                keys.add(run.group()[:KEY_LEN])
            elif prefix and run.end() == len(form):
                return None  # a short prefix: tokens longer than it have other keys
            else:
                keys.add(run.group())
        return frozenset(keys)
    if kind == "alt":
        union: set[str] = set()
        for seq in node[1]:
            found = _keys(seq, language)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if kind == "seq":
        best: frozenset[str] | None = None
        for item in node[1]:
            if item[0] not in ("word", "alt"):
                continue
            found = _keys(item, language)
            if found is not None and (best is None or _score(found) > _score(best)):
                best = found
        return best
    return None


_COMMON = frozenset({"the", "a", "an", "is", "be", "to", "of", "in", "it", "on", "and", "not", "no",
                     "le", "la", "l", "de", "d", "ne", "n", "se", "s", "que", "qu", "pas", "est",
                     "les", "des", "un", "une", "et", "en", "il", "je", "j"})


def _score(keys: frozenset[str]) -> tuple[int, int, int]:
    """Prefer anchors made of uncommon, long words, and few of them."""
    return (0 if keys & _COMMON else 1, min(len(k) for k in keys), -len(keys))


def check_regex_cost(regex: str) -> None:
    """Refuse a regular expression whose matching time could blow up.

    Allowed: literals, classes, groups, alternation, lookarounds, and repeats
    that are either bounded (at most 60; 400 over a single character) or
    unbounded over a single character (``\\w+``, ``[a-z]*``); a repeat of more
    than once may not contain another repeat unless the inner one is over a
    single character and bounded (an optional part ``(...)?`` may). No backreferences.
    These bound the work per starting position by a constant, so a match is
    linear in the text's length whatever the text.
    """
    if len(regex) > MAX_REGEX_LENGTH:
        raise PatternError(f"a regular expression is at most {MAX_REGEX_LENGTH} characters")
    try:
        parsed = sre_parse.parse(regex)
    except re.error as error:
        raise PatternError(f"not a valid regular expression: {error}",
                           (error.pos or 0) + 1 + len(REGEX_PREFIX)) from None
    _walk(list(parsed), inside_repeat=False)


_SINGLE = {sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY,
           sre_constants.CATEGORY}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)


def _single_char(items: list[Any]) -> bool:
    return len(items) == 1 and items[0][0] in _SINGLE


def _walk(items: list[Any], inside_repeat: bool) -> None:
    for op, arg in items:
        if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            raise PatternError("backreferences are not allowed (their cost is unbounded)")
        if op in _REPEATS or (_POSSESSIVE is not None and op == _POSSESSIVE):
            _, high, sub = arg
            sub_items = list(sub)
            single = _single_char(sub_items)
            unbounded = high == sre_constants.MAXREPEAT
            if unbounded and not single:
                raise PatternError("an unbounded repeat (*, +, {n,}) may only apply to one character "
                                   "or class, e.g. \\w+; bound it, e.g. (...){0,5}")
            if not unbounded and high > (MAX_SINGLE_REPEAT if single else MAX_BOUNDED_REPEAT):
                raise PatternError(f"a repeat is bounded by {MAX_BOUNDED_REPEAT} "
                                   f"({MAX_SINGLE_REPEAT} for one character), not {high}")
            if inside_repeat and not (single and not unbounded):
                raise PatternError("a repeat inside a repeat must be a bounded repeat of one character")
            if not single:
                _walk(sub_items, inside_repeat=inside_repeat or high > 1)
        elif op == sre_constants.SUBPATTERN:
            _walk(list(arg[-1]), inside_repeat)
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                _walk(list(branch), inside_repeat)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _walk(list(arg[1]), inside_repeat)
        elif op == getattr(sre_constants, "ATOMIC_GROUP", None):
            _walk(list(arg), inside_repeat)


def _literal_keys(items: list[Any], bounded: bool = False) -> frozenset[str] | None:
    """Anchor keys of a parsed regex that starts, after a word boundary (``\\b`` or a
    lookbehind), with literal words; else None (the regex then runs on every text).
    Without the boundary a literal could match inside a longer word, whose key differs."""
    index = 0
    while index < len(items) and items[index][0] in (sre_constants.AT, sre_constants.ASSERT_NOT,
                                                      sre_constants.ASSERT):
        op, arg = items[index]
        if op == sre_constants.AT:
            bounded = bounded or arg == sre_constants.AT_BOUNDARY
        elif arg[0] >= 0:
            return None  # a lookahead at the start: the text need not begin with the literal
        else:
            bounded = bounded or op == sre_constants.ASSERT_NOT
        index += 1
    if index >= len(items) or not bounded:
        return None
    op, arg = items[index]
    if op == sre_constants.SUBPATTERN:
        inner = list(arg[-1])
        return _literal_keys(inner + items[index + 1:], bounded) if len(inner) == 1 or index + 1 == len(items) \
            else _literal_keys(inner, bounded)
    if op == sre_constants.BRANCH:
        keys: set[str] = set()
        for branch in arg[1]:
            found = _literal_keys(list(branch) + items[index + 1:], bounded)
            if found is None:
                return None
            keys |= found
        return frozenset(keys)
    run = ""
    for op, arg in items[index:]:
        if op != sre_constants.LITERAL:
            break
        char = chr(arg)
        if not (char.isalnum() or char == "_"):
            return frozenset({run[:KEY_LEN]}) if run else None  # a whole short word: its own key
        run += char
    return frozenset({run[:KEY_LEN]}) if len(run) >= KEY_LEN else None


MAX_PREFIXES = 64


def literal_prefixes(regex: str) -> frozenset[str] | None:
    """Strings one of which starts every match of ``regex`` (its leading literal text, per
    alternative), or None when some match may start otherwise (a class, a repeat, a case
    flag...). A text that contains none of them has no match: a substring test decides it
    before any scan (the matcher does so for the cues that have no anchor word)."""
    try:
        parsed = sre_parse.parse(regex)
    except (re.error, TypeError, IndexError):
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _prefixes(list(parsed), "")
    if found is None or "" in found:
        return None
    return frozenset(found)


def _prefixes(items: list[Any], head: str) -> set[str] | None:
    for index, (op, arg) in enumerate(items):
        if op == sre_constants.LITERAL:
            head += chr(arg)
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # consumes nothing
        elif op == sre_constants.SUBPATTERN:
            if arg[1] & re.IGNORECASE:
                return {head}
            return _prefixes(list(arg[-1]) + items[index + 1:], head)
        elif op == sre_constants.BRANCH:
            out: set[str] = set()
            for branch in arg[1]:
                found = _prefixes(list(branch) + items[index + 1:], head)
                if found is None:
                    return None
                out |= found
                if len(out) > MAX_PREFIXES:
                    return {head}
            return out
        else:
            return {head}
    return {head}


def regex_keys(regex: str) -> frozenset[str] | None:
    """Anchors of an escape-hatch regex: its leading literal word(s), when it has them."""
    try:
        return _literal_keys(list(sre_parse.parse(regex)))
    except (re.error, TypeError, IndexError):
        return None


def compile_pattern(pattern: str, language: str) -> CompiledPattern:
    """Compile one pattern of ``language``; raises ``PatternError`` with a column."""
    if not pattern.strip():
        raise PatternError("the pattern is empty")
    if pattern.startswith(REGEX_PREFIX):
        body = pattern[len(REGEX_PREFIX):].strip()
        if not body:
            raise PatternError("the regular expression after re: is empty", len(REGEX_PREFIX) + 1)
        check_regex_cost(body)
        compiled = CompiledPattern(pattern, language, None)
        if compiled.regex.search(""):  # compiled now: an author's regex is checked at load
            raise PatternError("the regular expression matches the empty string")
        return compiled
    parser = _Parser(pattern, language)
    tree = parser.alternatives(None)
    if parser.peek() is not None:
        raise PatternError(f'unexpected "{parser.peek()}"', parser.column())
    return CompiledPattern(pattern, language, tree)


def _required(tree: Node, language: str) -> tuple[frozenset[str], ...]:
    """The key sets of every required word or alternative of a one-sequence pattern. Each
    is valid for the reason the anchors are (``_keys`` may pick any of them as the anchor):
    a required word starts a word of the text, after a separator or at the match's start."""
    if tree[0] != "alt" or len(tree[1]) != 1:
        found = _keys(tree, language)
        return (found,) if found is not None else ()
    out = []
    for item in tree[1][0][1]:
        if item[0] in ("word", "alt"):
            keys = _keys(item, language)
            if keys is not None and keys not in out:
                out.append(keys)
    return tuple(out)


Need = tuple[frozenset[str], frozenset[str]]  # (whole words, prefix keys): one of them must occur


def _need(node: Node, language: str) -> Need | None:
    """What a text must contain for ``node`` to match there: one of its whole words (a word
    of the text as ``\\w+`` splits it) or a word starting with one of its prefix keys; None
    when nothing can be required (a prefix shorter than a key).

    Why a whole word: a pattern's word is rendered ``word(?!\\w)`` after a separator (whose
    last character is not a word character) or at the match's start (the matcher drops a
    match that starts inside a word), so its first ``\\w`` run is a whole word of the text;
    a run that the word itself ends with a non-word character (``e-mail``, ``aujourd'hui``,
    the elided ``l'``) is whole too. Only a trailing ``*`` leaves the run open: a prefix,
    checked by its key as before. Each need implies the item's key set (``_keys``)."""
    kind = node[0]
    if kind == "word":
        word, prefix = node[1], node[2]
        forms = ELISION.get(word, (word,)) if language == "fr" and not prefix else (word,)
        whole: set[str] = set()
        keys: set[str] = set()
        for form in forms:
            run = _WORD_RUN.search(form)
            assert run is not None
            if prefix and run.end() == len(form):
                if len(run.group()) < KEY_LEN:
                    return None
                keys.add(run.group()[:KEY_LEN])
            else:
                whole.add(run.group())
        return frozenset(whole), frozenset(keys)
    if kind == "alt":
        whole, keys = set(), set()
        for seq in node[1]:
            found = _need(seq, language)
            if found is None:
                return None
            whole |= found[0]
            keys |= found[1]
        return frozenset(whole), frozenset(keys)
    if kind == "seq":
        best: Need | None = None  # the item _keys chooses (any required item would do)
        best_keys: frozenset[str] | None = None
        for item in node[1]:
            if item[0] not in ("word", "alt"):
                continue
            found = _need(item, language)
            if found is None:
                continue
            item_keys = frozenset({w[:KEY_LEN] for w in found[0]} | found[1])
            if best_keys is None or _score(item_keys) > _score(best_keys):
                best, best_keys = found, item_keys
        return best
    return None


def _needs(tree: Node, language: str) -> tuple[Need, ...]:
    """Every required word or alternative of a one-sequence pattern (else the whole
    pattern's one need), each as a ``_need``."""
    if tree[0] != "alt" or len(tree[1]) != 1:
        found = _need(tree, language)
        return (found,) if found is not None else ()
    out: list[Need] = []
    for item in tree[1][0][1]:
        if item[0] in ("word", "alt"):
            need = _need(item, language)
            if need is not None and need not in out:
                out.append(need)
    return tuple(out)


def lookahead_width(regex: str) -> int | None:
    """An upper bound of how far the lookaheads of ``regex`` read past where they stand (the
    sum of their widest matches), or None when one is unbounded."""
    total = 0
    stack: list[Any] = [sre_parse.parse(regex)]
    while stack:
        for op, arg in stack.pop():
            if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                if arg[0] >= 0:  # a lookahead (a lookbehind reads before: the text is not cut there)
                    high = arg[1].getwidth()[1]
                    if high >= sre_constants.MAXREPEAT:
                        return None
                    total += int(high)
                stack.append(arg[1])
            elif op == sre_constants.SUBPATTERN:
                stack.append(arg[-1])
            elif op == sre_constants.BRANCH:
                stack.extend(arg[1])
            elif op in _REPEATS or (_POSSESSIVE is not None and op == _POSSESSIVE):
                stack.append(arg[2])
            elif op == getattr(sre_constants, "ATOMIC_GROUP", None):
                stack.append(arg)
    return total


def max_width(regex: str) -> int | None:
    """The longest text ``regex`` can match, or None when unbounded."""
    high = sre_parse.parse(regex).getwidth()[1]
    return None if high >= sre_constants.MAXREPEAT else int(high)


def _canonical(node: Node) -> str:
    """A text the pattern should match: first alternatives, no optional words, no gap."""
    kind = node[0]
    if kind == "word":
        return str(node[1]) + ("'" if node[1] in _ELIDED_FORMS else "")
    if kind == "alt":
        return _canonical(node[1][0])
    if kind == "question":
        return " ?"
    if kind != "seq":
        return ""
    out = ""
    for item in node[1]:
        piece = _canonical(item)
        if not piece:
            continue
        glue = "" if (not out or out.endswith("'") or piece == " ?") else " "
        out += glue + piece
    return out
