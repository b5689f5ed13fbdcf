"""TeX maths in Markdown as models write it: ``$…$`` and ``\\(…\\)`` inline, ``$$…$$`` and ``\\[…\\]`` displayed.

A markdown-it plugin that only finds the formulas (tokens ``math_inline`` and ``math_block``,
``content`` the LaTeX, ``markup`` the opening delimiter); how they look is up to each renderer:
the chat view typesets them, the exports show the source as code. Found formulas are kept
out of Markdown's hands, so ``$a_1 * b_2 * c$`` keeps its stars and underscores.

Dollars are read as in Pandoc, so prices stay text: an opening ``$`` is followed by a
non-space, a closing one follows a non-space and is not followed by a digit ("$5 and $10"
is no formula). A displayed formula is a block when its delimiters start and end lines,
and it must be closed: a formula still being written stays text until its closing
delimiter arrives, so a streamed answer never typesets half a formula. Parsing stays
linear: an inline search that found no closing delimiter is not repeated for the rest of the
paragraph, and a displayed formula spans at most MAX_BLOCK_LINES lines.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = ["math_plugin", "DELIMITERS", "is_display", "math_source", "split_source"]

# opening -> closing delimiter; the longer of two that share a start comes first
DELIMITERS = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}
_DISPLAY = ("$$", "\\[")
MAX_BLOCK_LINES = 100
_UNCLOSED = "inkstone_math_unclosed"  # StateInline.cache key: closing delimiters not found again
_UNCLOSED_BLOCK = "inkstone_math_unclosed_block"  # env key: lines known to hold no closing delimiter


def math_plugin(md: MarkdownIt) -> None:
    """Install the inline and block rules on ``md`` (in place)."""
    md.inline.ruler.before("escape", "math_inline", _math_inline)
    md.block.ruler.before(
        "fence", "math_block", _math_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def is_display(opening: str) -> bool:
    return opening in _DISPLAY


def math_source(token: Token) -> str:
    """A formula token as it was written, delimiters included (a displayed one on its own lines if it spans several)."""
    newline = "\n" if token.block and "\n" in token.content else ""
    return f"{token.markup}{newline}{token.content}{newline}{DELIMITERS[token.markup]}"


def split_source(source: str) -> tuple[str, str, str] | None:
    """(opening, LaTeX, closing) of a formula as written, or None if it is not one."""
    for opening, closing in DELIMITERS.items():
        if source.startswith(opening) and source.endswith(closing) and len(source) > len(opening) + len(closing):
            return opening, source[len(opening) : -len(closing)], closing
    return None


# -- inline ----------------------------------------------------------------------------------


def _math_inline(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    opening = next((d for d in DELIMITERS if src.startswith(d, start)), None)
    if opening is None:
        return False
    closing = DELIMITERS[opening]
    begin = start + len(opening)
    if opening == "$" and (begin >= state.posMax or src[begin].isspace()):
        return False
    unclosed: set[str] = state.cache.setdefault(_UNCLOSED, set())  # type: ignore[call-overload]
    if closing in unclosed:
        return False
    end = _find_closing(src, begin, state.posMax, closing)
    if end is None:
        if closing != "$":  # a lone "$" stops at the next dollar: no rescanning to undo
            unclosed.add(closing)
        return False
    if end == begin:
        return False
    if opening == "$":
        after = end + 1
        if src[end - 1].isspace() or (after < state.posMax and src[after].isdigit()):
            return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = src[begin:end]
        token.markup = opening
    state.pos = end + len(closing)
    return True


def _find_closing(src: str, pos: int, stop: int, closing: str) -> int | None:
    """The first unescaped ``closing`` from ``pos`` (a backslash escapes the character after it)."""
    while pos < stop:
        char = src[pos]
        if src.startswith(closing, pos) and pos + len(closing) <= stop:
            return pos
        if char == "\\":
            pos += 2
            continue
        pos += 1
    return None


# -- blocks ----------------------------------------------------------------------------------


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block
    begin = state.bMarks[start_line] + state.tShift[start_line]
    line_end = state.eMarks[start_line]
    src = state.src
    opening = next((d for d in _DISPLAY if src.startswith(d, begin)), None)
    if opening is None:
        return False
    closing = DELIMITERS[opening]
    # a search that failed fails from every line it looked at too: not repeated (one more formula
    # opened within those lines and closed past them is missed: text spanning 100 lines, unlikely)
    unclosed: dict[tuple[str, int, str], tuple[int, int]] = state.env.setdefault(_UNCLOSED_BLOCK, {})
    key = (closing, state.blkIndent, state.parentType)
    known = unclosed.get(key)
    if known is not None and known[0] <= start_line < known[1]:
        return False
    content_start = begin + len(opening)
    parts: list[str] = []
    line, pos = start_line, content_start
    while line < min(end_line, start_line + MAX_BLOCK_LINES):
        if line > start_line:
            if state.isEmpty(line) or state.sCount[line] < state.blkIndent:
                unclosed[key] = (start_line, line)  # a blank line or the end of a container
                return False
            pos = state.bMarks[line] + state.tShift[line]
            line_end = state.eMarks[line]
        text = src[pos:line_end]
        stripped = text.rstrip()
        if stripped.endswith(closing):
            body = stripped[: -len(closing)]
            if closing in body or not _unescaped_end(stripped, len(closing)):
                return False  # a closing delimiter inside the line: inline maths in a paragraph
            parts.append(body)
            break
        if closing in text:
            return False
        parts.append(text)
        line += 1
    else:
        unclosed[key] = (start_line, line)
        return False
    latex = "\n".join(parts).strip()
    if not latex:
        return False
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = latex
    token.markup = opening
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def _unescaped_end(text: str, width: int) -> bool:
    """Whether the delimiter ending ``text`` is not escaped by a backslash before it."""
    backslashes = 0
    index = len(text) - width - 1
    while index >= 0 and text[index] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 0
