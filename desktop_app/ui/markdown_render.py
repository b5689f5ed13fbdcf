"""Model output as an HTML fragment that QTextDocument shows well, and never as trusted HTML.

Model text is untrusted: raw HTML is off (``<script>`` comes out as text), only http(s)
links survive, and images become plain links so the view never fetches anything. The
parser is bounded (core/markdown_parser.py): text nested past markdown-it's limit is kept
as plain text, and a block too large or too dense to show quickly is shown as its text.
QTextDocument understands only a CSS subset, so code is highlighted with inline
colours (no classes, no stylesheet) and tables get the old ``border``/``cellpadding``
attributes. Pure Python: no Qt here, so it is cheap to test and to benchmark.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Any, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound

from desktop_app.core.markdown_parser import bound, render_image_as_link

__all__ = ["render_markdown", "parse_blocks", "code_block_sources", "Theme", "LIGHT", "DARK", "CONTINUED_FENCE",
           "COPY_CODE_HREF"]

# A word in a fence's info string that marks it as the rest of a fence begun in an earlier piece
# (stream_render reopens a long fence this way): it gets no header of its own.
CONTINUED_FENCE = "inkstone-continued"
COPY_CODE_HREF = "inkstone:copy-code"  # the view copies the code block whose header holds this link

_SAFE_LINK = re.compile(r"^(https?):", re.IGNORECASE)
_LONG_WORD_CHARS = 1_000  # characters; no word in prose is this long
_LONG_WORD = re.compile(r"\S{%d}" % _LONG_WORD_CHARS)


@dataclass(frozen=True)
class Theme:
    """Colours for the parts QTextDocument cannot take from the widget palette."""

    pygments_style: str
    code_background: str
    code_foreground: str
    inline_code_background: str
    table_border: str
    quote_foreground: str


LIGHT = Theme("default", "#f6f8fa", "#1f2328", "#eaeef2", "#9ea7b0", "#57606a")
DARK = Theme("github-dark", "#161b22", "#e6edf3", "#343942", "#50565e", "#9198a1")


def render_markdown(text: str, *, dark: bool = False, copy_label: str | None = None) -> str:
    """Return an HTML fragment for ``text``; half-written Markdown (while streaming) renders too.

    With ``copy_label``, each code block gets a header line: its language and a link with that
    text to COPY_CODE_HREF (the view finds which block by counting those links in the message).
    """
    theme = DARK if dark else LIGHT
    md = _parser()
    tokens = md.parse(text)
    _decorate(tokens, theme)
    # no trailing newline: QTextDocument would show it as a space after the last block
    return md.renderer.render(tokens, md.options, {"theme": theme, "copy_label": copy_label}).strip()


def code_block_sources(text: str) -> list[str]:
    """The code of each code block of ``text`` in order: what the n-th Copy link of its rendering copies."""
    sources = []
    for token in _parser().parse(text):
        if token.type in ("fence", "code_block"):
            code = token.content
            sources.append(code[:-1] if code.endswith("\n") else code)
    return sources


# -- parser -------------------------------------------------------------------------


def _is_safe_link(url: str) -> bool:
    """Only links the view will open: http and https (no javascript:, file:, data:, relative)."""
    return bool(_SAFE_LINK.match(url.strip()))


@functools.cache
def _parser() -> MarkdownIt:
    """Built on first use, not at import: the linkify and Pygments machinery is not free."""
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False, "breaks": True},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.validateLink = _is_safe_link  # type: ignore[method-assign]
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)
    md.add_render_rule("code_inline", _render_code_inline)
    md.add_render_rule("text", _render_text)
    md.add_render_rule("image", render_image_as_link)
    return bound(md)


def _decorate(tokens: Sequence[Token], theme: Theme) -> None:
    """Attributes QTextDocument understands, set on the parsed tokens before rendering."""
    for token in tokens:
        if token.type == "table_open":
            token.attrSet("border", "1")
            token.attrSet("cellspacing", "0")
            token.attrSet("cellpadding", "4")
            token.attrSet("style", f"border-collapse: collapse; border-color: {theme.table_border};")
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            match = re.search(r"text-align:\s*(left|right|center)", style)
            if match:  # QTextDocument honours the align attribute on cells
                token.attrSet("align", match.group(1))
        elif token.type == "blockquote_open":
            token.attrSet("style", f"color: {theme.quote_foreground};")


# -- render rules ---------------------------------------------------------------------


def _render_fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    words = token.info.split()
    continued = CONTINUED_FENCE in words
    words = [word for word in words if word != CONTINUED_FENCE]
    language = words[0] if words else ""
    header = "" if continued or not token.content else _code_header(language, env)  # empty: nothing to copy
    return header + _code_block(token.content, language, env["theme"])


def _render_code_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    return _code_header("", env) + _code_block(tokens[idx].content, "", env["theme"])


def _code_header(language: str, env: dict) -> str:
    label = env.get("copy_label")
    if not label:
        return ""
    theme: Theme = env["theme"]
    name = f"<b>{_escape(language[:40])}</b>&nbsp;&nbsp;" if language else ""
    return (
        f'<p style="margin-top: 8px; margin-bottom: 0px; color: {theme.quote_foreground};">'
        f'{name}<a href="{COPY_CODE_HREF}">{_escape(label)}</a></p>\n'
    )


def _render_text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    return escapeHtml(_breakable(tokens[idx].content))  # markdown-it's own text rule, plus the breaks


def _render_code_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    theme: Theme = env["theme"]
    code = _escape(_breakable(tokens[idx].content))
    return f'<code style="background-color: {theme.inline_code_background};">{code}</code>'


def _code_block(code: str, language: str, theme: Theme) -> str:
    if code.endswith("\n"):
        code = code[:-1]
    lexer = _lexer(language.lower()) if language else None
    body = _highlight(code, lexer, theme.pygments_style) if lexer is not None else _escape(code)
    return (
        f'<pre style="background-color: {theme.code_background}; color: {theme.code_foreground};">'
        f"{body}</pre>\n"
    )


# -- highlighting -------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    """Unknown languages fall back to plain text (returns None)."""
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=4)
def _token_styles(style_name: str) -> dict[Any, str]:
    """Pygments token type -> inline CSS QTextDocument understands (colour, weight, slant)."""
    style = get_style_by_name(style_name)
    result: dict[Any, str] = {}
    for ttype, _ in style:
        spec = style.style_for_token(ttype)
        parts = []
        if spec["color"]:
            parts.append(f"color: #{spec['color']};")
        if spec["bgcolor"] and spec["bgcolor"].lower() != style.background_color.lstrip("#").lower():
            parts.append(f"background-color: #{spec['bgcolor']};")
        if spec["bold"]:
            parts.append("font-weight: bold;")
        if spec["italic"]:
            parts.append("font-style: italic;")
        if spec["underline"]:
            parts.append("text-decoration: underline;")
        result[ttype] = " ".join(parts)
    return result


def _highlight(code: str, lexer: Lexer, style_name: str) -> str:
    styles = _token_styles(style_name)
    out: list[str] = []
    run_style = ""
    run: list[str] = []

    def flush() -> None:
        if run:
            text = _escape("".join(run))
            out.append(f'<span style="{run_style}">{text}</span>' if run_style else text)
            run.clear()

    for ttype, value in lexer.get_tokens(code):
        while ttype not in styles and ttype.parent is not None:
            ttype = ttype.parent  # a lexer's own sub-type: style it like its parent
        style = styles.get(ttype, "")
        if style != run_style:
            flush()
            run_style = style
        run.append(value)
    flush()
    return "".join(out)


def _breakable(text: str) -> str:
    """A zero-width space after every _LONG_WORD_CHARS characters without a space: Qt looks for a
    word boundary before it breaks a line anywhere, in time that grows with the square of
    the word (a 146 KB word takes a second to lay out, 1,000-character pieces take nothing)."""
    return _LONG_WORD.sub("\\g<0>\u200b", text) if len(text) > _LONG_WORD_CHARS else text


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


# -- block structure, for rendering a stream piece by piece ---------------------------------


def parse_blocks(text: str) -> tuple[list[Token], dict[str, dict[str, Any]]]:
    """The block tokens of ``text`` (with source line maps, no inline parsing) and its link definitions.

    Cheap next to ``render_markdown``: a streaming view uses it to find which blocks are finished.
    """
    md = _parser()
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    md.block.parse(text, md, env, tokens)
    return tokens, env.get("references", {})
