"""A growing Markdown answer rendered piece by piece: finished blocks once, only the open end again.

Re-rendering a whole answer on every frame costs more the longer it gets, and the GUI
thread's Python time is taken from the model, which needs the CPU and the GIL. So the
text is split where nothing after the split can change what comes before it: before the
last top-level block of the complete lines (the last block can still grow, a partly
written line can still turn into anything). What comes before is rendered once and
committed; only the open tail is rendered again, and the tail stays short:

- a long open block is split inside: before the last item of a list, the last block of a
  quote or list item, after the complete lines of a code fence (sooner than other blocks:
  highlighting costs more), paragraph or table row;
  the tail then starts with a few synthetic lines (``context``) that reopen its list
  items, quote or fence, so it renders inside them again;
- a line that grows past the limit without ending (a model rambling on, minified code) is
  split inside, before a word, as if it had ended there;
- the lines looked at per step are capped (``window``), so text handed over in one go (a
  conversation shown again mid-answer) is caught up over a few frames, not in one.

Link reference definitions apply to the whole text: each render gets the ones seen so
far, and committed pieces that use a label defined later are rendered again once.

Splits inside a block may show while streaming what a full render would not (a list
that turns loose, highlighting across a chunk, a paragraph later underlined as a
heading); the caller renders the whole answer once when it ends. Pure Python, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.ui import markdown_render

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["IncrementalMarkdown", "Piece", "Update", "TAIL_LIMIT", "CODE_LIMIT", "WINDOW"]

TAIL_LIMIT = 1000  # characters of complete lines an open block may reach before it is split inside
CODE_LIMIT = 300  # ...an open code fence (highlighting costs several times more per character)
WINDOW = 2000  # characters of complete lines looked at and committed per step

_CONTAINERS = ("list_item_open", "blockquote_open")
_LISTS = ("bullet_list_open", "ordered_list_open")
_WHITESPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"\[([^\[\]]+)\]")
_PARTIAL_FENCE_OPENER = re.compile(r"([ \t>*+\-\d.)]*(?:`{3,}|~{3,}))[^`\n]+$")
_TAG = re.compile(r"<[^>]*>")
_MAY_DEFINE = re.compile(r"[ \t>]*\[.*\]:")  # a line that may be a link reference definition
_THEMATIC_BREAK = re.compile(r"(?:([-*])\s*)(?:\1\s*){2,}")


@dataclass(frozen=True)
class Piece:
    """Rendered HTML; ``joins_previous``: it goes on inside the previous piece's list, quote or code."""

    html: str
    joins_previous: bool = False


@dataclass(frozen=True)
class Update:
    """What one step changed: pieces to append for good, earlier pieces to swap, and the new tail."""

    committed: list[Piece]
    rerendered: dict[int, Piece]  # index among all committed pieces -> its new rendering
    tail: Piece  # replaces the previous tail; empty html: nothing open to show
    more: bool  # text is still waiting to be committed: step again next frame


@dataclass
class _Committed:
    source: str  # context + chunk, as rendered
    piece: Piece


@dataclass(frozen=True)
class _Split:
    line: int  # first line (of context + window) that stays open
    context: str  # synthetic lines that reopen its containers for the tail


class IncrementalMarkdown:
    """Feed it the answer as it streams; each ``step`` renders new finished blocks and the open tail."""

    def __init__(
        self,
        render: Callable[[str], str],
        *,
        tail_limit: int = TAIL_LIMIT,
        code_limit: int = CODE_LIMIT,
        window: int = WINDOW,
    ) -> None:
        self._render_text = render
        self._limits = _Limits(tail_limit, min(code_limit, tail_limit))
        self._window = window
        self._pending = ""  # source not committed yet
        self._context = ""  # synthetic lines that put _pending back into its open containers
        self._after_cr = False
        self._committed: list[_Committed] = []
        self._bracketed: dict[str, list[int]] = {}  # a [label] as references name it -> pieces that hold it
        self._references: dict[str, dict[str, Any]] = {}  # definitions on complete lines
        self._known: dict[str, dict[str, Any]] = {}  # ...and the one on the line being written
        self._definitions = ""  # the references as Markdown, put before every text rendered
        self.rendered_chars = 0  # characters handed to the renderer by the last step (for tests, benchmarks)

    def append(self, text: str) -> None:
        # the parser's own newline normalisation, done here so lines split where its lines do
        if self._after_cr and text.startswith("\n"):
            text = text[1:]
        self._after_cr = text.endswith("\r")
        self._pending += text.replace("\r\n", "\n").replace("\r", "\n")

    def step(self) -> Update:
        """Commit what became final since the last step (at most about a window of it) and render the tail."""
        self.rendered_chars = 0
        committed: list[Piece] = []
        window = self._window_text()
        tokens: list[Token] = []
        found: dict[str, dict[str, Any]] = {}
        if window:
            tokens, found = markdown_render.parse_blocks(self._context + window)
        rerendered = self._update_references(found)
        if window:
            lines = _Lines(self._context + window, self._context)
            split = _plan(tokens, lines, self._limits)
            if split is not None:
                committed.append(self._commit(split, lines))
        if not committed and len(self._pending) <= self._window:
            piece = self._commit_inside_long_line()
            if piece is not None:
                committed.append(piece)
        more = bool(committed) and len(self._pending) > self._window
        tail = "" if more else self._render_tail()
        return Update(committed, rerendered, Piece(tail, bool(self._context)), more)

    # -- splitting -----------------------------------------------------------------------

    def _window_text(self) -> str:
        """The complete lines of the pending text: all of them, or the ones that end first after ``window``."""
        pending = self._pending
        complete = pending.rfind("\n") + 1
        if complete <= self._window:
            return pending[:complete]
        return pending[: pending.find("\n", self._window - 1) + 1]

    def _commit_inside_long_line(self) -> Piece | None:
        """Split the unfinished last line if it has grown past the limit, as if it ended there."""
        complete = self._pending.rfind("\n") + 1
        cut = _word_start(self._pending[complete:], self._limits.text)
        if cut is None:
            return None
        doc = self._context + self._pending[: complete + cut] + "\n"
        tokens, _ = markdown_render.parse_blocks(doc)
        lines = _Lines(doc, self._context)
        split = _plan(tokens, lines, self._limits)
        if split is None:
            return None
        return self._commit(split, lines, most=complete + cut)  # the line break is not the text's

    def _commit(self, split: _Split, lines: _Lines, most: int | None = None) -> Piece:
        length = lines.offset(split.line) - len(self._context)
        if most is not None:
            length = min(length, most)
        chunk = self._pending[:length]
        piece = Piece(self._render_with_context(self._context, chunk), bool(self._context))
        for label in {_label(text) for text in _BRACKETED.findall(chunk)}:
            self._bracketed.setdefault(label, []).append(len(self._committed))
        self._committed.append(_Committed(self._context + chunk, piece))
        self._pending = self._pending[length:]
        self._context = split.context
        return piece

    # -- references ----------------------------------------------------------------------

    def _update_references(self, found: dict[str, dict[str, Any]]) -> dict[int, Piece]:
        """Learn the definitions on complete lines for good, and the one being written for now."""
        for label, reference in found.items():
            self._references.setdefault(label, reference)  # the first definition of a label wins
        provisional: dict[str, dict[str, Any]] = {}
        partial_line = self._pending[self._pending.rfind("\n") + 1 :]
        if _MAY_DEFINE.match(partial_line) and len(self._pending) <= self._window:
            _, seen = markdown_render.parse_blocks(self._context + self._pending)
            provisional = {label: ref for label, ref in seen.items() if label not in self._references}
        known = {**self._references, **provisional}
        changed = [
            label
            for label in known.keys() | self._known.keys()
            if _target(known.get(label)) != _target(self._known.get(label))
        ]
        self._known = known
        if not changed:
            return {}
        self._definitions = "".join(_definition(label, ref) for label, ref in known.items()) + "\n"
        return self._rerender_pieces_using(changed)

    def _rerender_pieces_using(self, labels: Sequence[str]) -> dict[int, Piece]:
        """Committed pieces that name a label whose definition changed: render them again, with it."""
        changed: dict[int, Piece] = {}
        for index in sorted({index for label in labels for index in self._bracketed.get(label, ())}):
            item = self._committed[index]
            item.piece = Piece(self._render(item.source), item.piece.joins_previous)
            changed[index] = item.piece
        return changed

    def _render_tail(self) -> str:
        text = _without_partial_language(self._context + self._pending)
        return self._render_with_context(text[: len(self._context)], text[len(self._context) :])

    def _render_with_context(self, context: str, text: str) -> str:
        """Without any text of its own (blank lines, a closing fence), a piece would only add its
        context's empty list item, quote or code box: nothing to show."""
        if not text.strip():
            return ""
        rendered = self._render(context + text)
        if context and not _TAG.sub("", rendered).strip():
            return ""
        return rendered

    def _render(self, source: str) -> str:
        text = self._definitions + source if self._definitions else source
        self.rendered_chars += len(text)
        return self._render_text(text)


def _without_partial_language(text: str) -> str:
    """Drop the language of a fence opener still being written: every prefix of a name ("pyt",
    "pyth") would cost a slow, failing lexer lookup, and the language is not shown anyway."""
    line_start = text.rfind("\n") + 1
    opener = _PARTIAL_FENCE_OPENER.match(text, line_start)
    if opener is None:
        return text
    shortened = text[: opener.end(1)]
    tokens, _ = markdown_render.parse_blocks(shortened)  # an opener, not code or text that looks like one?
    last_line = shortened.count("\n")
    if any(token.type == "fence" and token.map and token.map[0] == last_line for token in tokens):
        return shortened
    return text


def _word_start(line: str, limit: int) -> int | None:
    """Where to cut a line longer than ``limit``, keeping about a quarter of it open: before a
    letter that follows a space or another CJK character (a cut before "-" or "#" could start a
    list or a heading), where the inline marks before it are balanced if any such place is."""
    if len(line) <= limit:
        return None
    latest = len(line) - limit // 4
    balanced = plain = None
    ticks = stars = underscores = brackets = 0
    for i in range(1, latest):
        before, letter = line[i - 1], line[i]
        ticks += before == "`"
        stars += before == "*"
        underscores += before == "_"
        brackets += (before == "[") - (before == "]")
        if not letter.isalpha() or not (before.isspace() or (before > "\u2e80" and letter > "\u2e80")):
            continue
        plain = i
        if ticks % 2 == 0 and stars % 2 == 0 and underscores % 2 == 0 and brackets == 0:
            balanced = i
    if balanced is not None:
        return balanced
    return plain if plain is not None else latest


def _label(text: str) -> str:
    """A reference label as markdown-it keys it: whitespace collapsed, case folded."""
    return _WHITESPACE.sub(" ", text.strip()).lower().upper()


def _target(reference: dict[str, Any] | None) -> tuple[str, str] | None:
    return None if reference is None else (str(reference.get("href")), str(reference.get("title") or ""))


def _definition(label: str, reference: dict[str, Any]) -> str:
    title = str(reference.get("title") or "")
    quoted = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
    return f"[{label}]: <{reference['href']}>{quoted}\n"


# -- where to split ------------------------------------------------------------------------


@dataclass
class _Lines:
    """The complete lines of context + window, with their offsets."""

    text: str
    context: str
    lines: list[str] = field(init=False)
    offsets: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")[:-1]
        self.offsets = [0]
        for line in self.lines:
            self.offsets.append(self.offsets[-1] + len(line) + 1)

    @property
    def first(self) -> int:
        """The first line that is real text (the ones before it are the context)."""
        return self.context.count("\n")

    @property
    def count(self) -> int:
        return len(self.lines)

    def offset(self, line: int) -> int:
        return self.offsets[line]

    def size_from(self, line: int) -> int:
        return self.offsets[-1] - self.offsets[line]


@dataclass(frozen=True)
class _Limits:
    text: int
    code: int

    def of(self, token: Token) -> int:
        return self.code if token.type == "fence" else self.text


def _plan(tokens: list[Token], lines: _Lines, limits: _Limits) -> _Split | None:
    """Where to split context + window so that nothing before the split can change any more."""
    top = [i for i, token in enumerate(tokens) if token.level == 0 and token.nesting >= 0 and token.map]
    if not top:  # blank lines or link definitions only
        return _Split(lines.count, "") if not lines.context and lines.count else None
    last = tokens[top[-1]]
    assert last.map is not None
    if _finished(last, lines):
        split: _Split | None = _Split(last.map[1], "")
    else:
        split = _Split(last.map[0], "")
        if lines.size_from(last.map[0]) > limits.of(last):
            deeper = _split_inside(tokens, top[-1], (), lines, limits)
            if deeper is not None and deeper.line > split.line:
                split = deeper
    return split if split is not None and split.line > lines.first else None


def _split_inside(
    tokens: list[Token], index: int, chain: tuple[str, ...], lines: _Lines, limits: _Limits
) -> _Split | None:
    """A split inside the open block at ``index``; ``chain`` holds the markers of the items and quotes around it."""
    token = tokens[index]
    assert token.map is not None
    start, end = token.map
    if token.type == "fence":
        if end - 1 > start and _closes_fence(lines.lines[end - 1].lstrip(" >"), token.markup):
            end -= 1  # the line that may close it stays open, with what follows it
        opener = lines.lines[start] if not chain else " ".join([*chain, token.markup + token.info])
        if markdown_render.CONTINUED_FENCE not in token.info.split():
            opener += " " + markdown_render.CONTINUED_FENCE  # the rest of a fence: no second code header
        return _Split(end, opener + "\n")
    if token.type in _LISTS:
        items = _children(tokens, index)
        deeper = _split_inside_last_child(tokens, items, chain, lines, limits)
        if deeper is not None:
            return deeper
        return _Split(_start(tokens[items[-1]]), _chain_line(chain)) if len(items) > 1 else None
    if token.type in _CONTAINERS:
        inner = (*chain, _marker(token))
        children = _children(tokens, index)
        if not children:
            return None
        deeper = _split_inside_last_child(tokens, children, inner, lines, limits)
        if deeper is not None:
            return deeper
        child_start = _start(tokens[children[-1]])
        return _Split(child_start, _chain_line(inner)) if child_start > start else None
    if token.type == "table_open" and not chain:
        if lines.count <= start + 2:
            return None
        delimiter = lines.lines[start + 1]
        columns = len(delimiter.strip().strip("|").split("|"))
        empty_header = "|" + " |" * columns  # the rows stay a table without repeating the header's text
        return _Split(lines.count, f"{empty_header}\n{delimiter}\n")
    if token.type in ("paragraph_open", "table_open", "code_block"):
        # no better place: the block goes on as a new one of its kind (the final render joins them)
        return _Split(lines.count, _chain_line(chain))
    return None


def _split_inside_last_child(
    tokens: list[Token], children: list[int], chain: tuple[str, ...], lines: _Lines, limits: _Limits
) -> _Split | None:
    last = children[-1]
    if lines.size_from(_start(tokens[last])) <= limits.of(tokens[last]):
        return None
    return _split_inside(tokens, last, chain, lines, limits)


def _finished(token: Token, lines: _Lines) -> bool:
    """A top-level block that no later line can extend: a heading, a rule, a closed fence, a displayed
    formula (core/markdown_math.py makes one only once its closing delimiter is there)."""
    if token.type in ("heading_open", "hr", "math_block"):
        return True
    if token.type == "fence" and token.map is not None:
        start, end = token.map
        return end - 1 > start and _closes_fence(lines.lines[end - 1], token.markup)
    return False


def _closes_fence(line: str, markup: str) -> bool:
    return bool(re.fullmatch(r" {0,3}" + re.escape(markup[0]) + "{%d,}[ \t]*" % len(markup), line))


def _children(tokens: list[Token], index: int) -> list[int]:
    """Indexes of the blocks directly inside the container that opens at ``index``."""
    level = tokens[index].level
    found = []
    for i in range(index + 1, len(tokens)):
        token = tokens[i]
        if token.level == level and token.nesting < 0:
            break
        if token.level == level + 1 and token.nesting >= 0 and token.map and token.type != "inline":
            found.append(i)
    return found


def _start(token: Token) -> int:
    assert token.map is not None
    return token.map[0]


def _marker(token: Token) -> str:
    """The marker that reopens a quote or list item on a synthetic line."""
    if token.type == "blockquote_open":
        return ">"
    return token.info + token.markup  # an ordered item's number keeps the numbering


def _chain_line(chain: tuple[str, ...]) -> str:
    line = " ".join(chain)
    if _THEMATIC_BREAK.fullmatch(line):  # "- - -" would be a rule, not three list items
        line = " ".join("+" if marker in ("-", "*") else marker for marker in chain)
    return line + "\n" if line else ""
