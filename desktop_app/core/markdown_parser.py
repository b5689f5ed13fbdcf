"""markdown-it-py made safe for any text: no input loses text, none takes long to show or export.

The chat view and every export (HTML, DOCX, PDF) parse with a parser passed through bound().
What goes wrong without it, measured with tools/bench_markdown_pathological.py:
- Past its nesting limit (maxNesting 20: a list 10 levels deep, 20 nested quotes) markdown-it
  skips the rest of the document. Here the rest of that list item or quote is kept as plain
  text, one line per source line.
- markdown-it's own parsing is linear, but what it builds need not be cheap to show: emphasis
  is paired after parsing with no depth limit (`*a **a ` repeated nests 10,000 deep: Qt's HTML
  parser takes 28 s over it), Qt lays a paragraph out in time that grows with the square of
  its format changes (36,000 `a*` pairs: 35 s), python-docx writes one run per change (5 s),
  and Qt lays a table out at about 0.4 ms a row. So a block whose inline markup nests deeper
  than maxNesting or changes format more than MAX_INLINE_MARKUP times, or is longer than
  MAX_INLINE_CHARS (not even parsed then), is shown as its source text; a table with more
  than MAX_TABLE_CELLS cells becomes lines of text.
Images render as a link to the picture (render_image_as_link): nothing is ever fetched or read.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MAX_INLINE_CHARS = 20_000  # about 3,000 words in one paragraph, heading or table cell
MAX_INLINE_MARKUP = 1_000  # format changes (emphasis, links, code spans) in one block
MAX_TABLE_CELLS = 2_000
_PLAIN = "inkstone_plain"  # Token.meta key: this inline token is shown as text; value: the line break type


def bound(md: MarkdownIt) -> MarkdownIt:
    """Install the limits above on md (in place) and return it."""
    md.block.tokenize = _nesting_safe(md.block.tokenize)  # type: ignore[method-assign]
    md.core.ruler.at("inline", _bounded_inline)
    if "table" in md.block.ruler.get_active_rules():
        md.core.ruler.after("block", "inkstone_large_tables", _large_tables_as_text)
    return md


def render_image_as_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """A renderer rule: an image becomes a link to the picture, so nothing loads it when the
    text is shown or the exported file is opened. (The parser already refused unsafe links:
    their src is empty, and the image becomes its label.)"""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    label = html.escape(f"[{alt}]", quote=False)
    src = str(token.attrGet("src") or "")
    return f'<a href="{html.escape(src, quote=True)}">{label}</a>' if src else label


# -- nesting ---------------------------------------------------------------------------


def _nesting_safe(tokenize: Callable[[StateBlock, int, int], None]) -> Callable[[StateBlock, int, int], None]:
    """The block tokenizer, except that past maxNesting the container's lines become plain text.

    List and quote rules call md.block.tokenize for their content, so this sees every level.
    """

    def nesting_safe_tokenize(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level < state.md.options.maxNesting:
            tokenize(state, start_line, end_line)
        else:
            _rest_as_plain_text(state, start_line, end_line)

    return nesting_safe_tokenize


def _rest_as_plain_text(state: StateBlock, start_line: int, end_line: int) -> None:
    """Every line of this container (up to a line indented less than it), as plain paragraphs."""
    line = state.line = state.skipEmptyLines(start_line)
    group_start: int | None = None
    while line < end_line:
        if state.isEmpty(line):
            if group_start is not None:
                _push_plain_paragraph(state, group_start, line)
                group_start = None
        elif state.sCount[line] < state.blkIndent:
            break
        elif group_start is None:
            group_start = line
        line += 1
    if group_start is not None:
        _push_plain_paragraph(state, group_start, line)
    state.line = line


def _push_plain_paragraph(state: StateBlock, start: int, end: int) -> None:
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [start, end]
    inline = state.push("inline", "", 0)
    inline.content = state.getLines(start, end, state.blkIndent, False)
    inline.map = [start, end]
    inline.children = []
    inline.meta[_PLAIN] = "hardbreak"  # one source line, one line: keeps list items apart
    state.push("paragraph_close", "p", -1)


# -- inline ----------------------------------------------------------------------------


def _bounded_inline(state: StateCore) -> None:
    """markdown-it's core 'inline' rule, with the size, depth and markup limits."""
    max_depth = state.md.options.maxNesting
    for token in state.tokens:
        if token.type != "inline":
            continue
        breaks = token.meta.get(_PLAIN)
        if breaks is None and len(token.content) <= MAX_INLINE_CHARS:
            children: list[Token] = []
            state.md.inline.parse(token.content, state.md, state.env, children)
            if _within_limits(children, max_depth):
                token.children = children
                continue
        token.children = _text_lines(token.content, breaks or "softbreak")


def _within_limits(children: Sequence[Token], max_depth: int) -> bool:
    depth = markup = 0
    for child in children:
        if child.nesting == 1 or child.type in ("code_inline", "image"):
            markup += 1
        depth += child.nesting
        if depth > max_depth or markup > MAX_INLINE_MARKUP:
            return False
    return True


def _text_lines(text: str, line_break: str) -> list[Token]:
    tokens: list[Token] = []
    for n, line in enumerate(text.split("\n")):
        if n:
            tokens.append(Token(line_break, "br", 0))
        tokens.append(Token("text", "", 0, content=line.strip()))
    return tokens


# -- tables ----------------------------------------------------------------------------


def _large_tables_as_text(state: StateCore) -> None:
    """A table with more than MAX_TABLE_CELLS cells becomes one line of text per row."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type != "table_open":
            out.append(tokens[i])
            i += 1
            continue
        end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
        table = tokens[i : end + 1]
        if sum(1 for t in table if t.type in ("th_open", "td_open")) <= MAX_TABLE_CELLS:
            out += table
        else:
            out += _table_as_paragraph(table)
        i = end + 1
    state.tokens = out


def _table_as_paragraph(table: list[Token]) -> list[Token]:
    rows: list[list[str]] = []
    for k, token in enumerate(table):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(table[k + 1].content)
    level = table[0].level
    opening = Token("paragraph_open", "p", 1, map=table[0].map, level=level)
    inline = Token("inline", "", 0, content="\n".join(" | ".join(row) for row in rows), level=level + 1, children=[])
    inline.meta[_PLAIN] = "hardbreak"
    return [opening, inline, Token("paragraph_close", "p", -1, level=level)]
