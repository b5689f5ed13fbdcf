"""Model output as an HTML fragment that QTextDocument shows well, and never as trusted HTML.

Model text is untrusted: raw HTML is off (``<script>`` comes out as text), only http(s)
links survive, and images become plain links so the view never fetches anything. The
parser is bounded (core/markdown_parser.py): text nested past markdown-it's limit is kept
as plain text, and a block too large or too dense to show quickly is shown as its text.
QTextDocument understands only a CSS subset, so code is highlighted with inline
colours (no classes, no stylesheet) and tables get the old ``border``/``cellpadding``
attributes. The colours are the theme's (ui/theme.py). Strings in, string out: no widget here,
so it is cheap to test and to benchmark.

Maths (core/markdown_math.py finds it) becomes ``<img src="inkstone-math:…">``: the URL holds the
formula as written and its colour, and the view draws the picture when the layout asks for it
(ui/rich_text_browser.py, ui/math_images.py). A formula ziamath cannot typeset is shown as code.

Long code lines wrap at the view's width instead of widening the whole conversation:
QTextDocument cannot scroll one block sideways. A scrolling widget per code block would have
to be kept in place over the document by hand through every edit of a streaming answer, and
capping lines with an ellipsis hides code the user may need; a transcript that scrolls
sideways to read one line is worst. So code blocks are ``pre-wrap`` with a hanging indent:
a wrapped line's continuation starts further right, where the view draws a small hook, so it
cannot pass for a line of its own, and copying the code gives the lines as written. Block
quotes get a left margin in which the view draws their bar (QTextDocument has no one-sided
borders; a table would add blank lines to every copy and break up a streamed quote).
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any, NamedTuple, Sequence
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound
from PySide6.QtCore import QCoreApplication

from desktop_app.core.markdown_math import is_display, math_plugin, math_source, split_source
from desktop_app.core.markdown_parser import bound, render_image_as_link
from desktop_app.ui.math_typeset import typeset
from desktop_app.ui.theme import DARK, LIGHT, Colours

__all__ = ["render_markdown", "parse_blocks", "code_block_sources", "CONTINUED_FENCE", "COPY_CODE_HREF",
           "MATH_SCHEME", "MathRef", "math_url", "parse_math_url"]

# A word in a fence's info string that marks it as the rest of a fence begun in an earlier piece
# (stream_render reopens a long fence this way): it gets no header of its own.
CONTINUED_FENCE = "inkstone-continued"
COPY_CODE_HREF = "inkstone:copy-code"  # the view copies the code block whose header holds this link

_SAFE_LINK = re.compile(r"^(https?):", re.IGNORECASE)
_LONG_WORD_CHARS = 1_000  # characters; no word in prose is this long
_LONG_WORD = re.compile(r"\S{%d}" % _LONG_WORD_CHARS)


MATH_SCHEME = "inkstone-math"
CODE_HANGING_INDENT = 24  # px: how far a wrapped code line's continuation is indented under it
QUOTE_INDENT = 20  # px per level of block quote


def render_markdown(text: str, *, dark: bool = False, colours: Colours | None = None,
                    copy_label: str | None = None) -> str:
    """Return an HTML fragment for ``text``; half-written Markdown (while streaming) renders too.

    ``colours``: the theme's colours (default: the light or dark theme, as ``dark`` says). With
    ``copy_label``, each code block gets a header line: its language and a link with that text to
    COPY_CODE_HREF (the view finds which block by counting those links in the message).
    """
    theme = colours if colours is not None else (DARK if dark else LIGHT)
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
    md.use(math_plugin)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_block", _render_math_block)
    return bound(md)


def _decorate(tokens: Sequence[Token], theme: Colours) -> None:
    """Attributes QTextDocument understands, set on the parsed tokens before rendering."""
    for token in tokens:
        if token.type == "table_open":
            token.attrSet("border", "1")
            token.attrSet("cellspacing", "0")
            token.attrSet("cellpadding", "6")
            token.attrSet("style", f"border-collapse: collapse; border-color: {theme.table_border};")
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            match = re.search(r"text-align:\s*(left|right|center)", style)
            if match:  # QTextDocument honours the align attribute on cells
                token.attrSet("align", match.group(1))
            if token.type == "th_open":  # the header row stands out
                token.attrSet("bgcolor", theme.table_header_background)
        elif token.type == "blockquote_open":  # the view draws the bar in the margin (ui/rich_text_browser.py)
            token.attrSet("style", f"margin-left: {QUOTE_INDENT}px; margin-right: 0px; color: {theme.quote_foreground};")


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
    theme: Colours = env["theme"]
    name = f"<b>{_escape(language[:40])}</b>&nbsp;&nbsp;" if language else ""
    return (
        f'<p style="margin-top: 8px; margin-bottom: 0px; color: {theme.quote_foreground};">'
        f'{name}<a href="{COPY_CODE_HREF}">{_escape(label)}</a></p>\n'
    )


def _render_text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    return escapeHtml(_breakable(tokens[idx].content))  # markdown-it's own text rule, plus the breaks


def _render_code_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    theme: Colours = env["theme"]
    code = _escape(_breakable(tokens[idx].content))
    return f'<code style="background-color: {theme.inline_code_background};">{code}</code>'


def _code_block(code: str, language: str, theme: Colours) -> str:
    if code.endswith("\n"):
        code = code[:-1]
    lexer = _lexer(language.lower()) if language else None
    body = _highlight(code, lexer, theme.pygments_style) if lexer is not None else _escape(_breakable(code))
    indent = CODE_HANGING_INDENT
    return (
        _code_label(language, theme)
        + f'<pre style="background-color: {theme.code_background}; color: {theme.code_foreground}; '
        f'white-space: pre-wrap; margin-left: {indent}px; text-indent: -{indent}px;">'
        f"{body}</pre>\n"
    )


def _code_label(language: str, theme: Colours) -> str:
    """A line above a code block that says what it is, for the kinds the view shows only as code."""
    if language.lower() != "mermaid":
        return ""
    label = _escape(QCoreApplication.translate("MarkdownRender", "Mermaid diagram (shown as its code)"))
    return f'<p style="margin-bottom: 2px; color: {theme.muted};"><small>{label}</small></p>\n'


# -- maths ----------------------------------------------------------------------------------


class MathRef(NamedTuple):
    """A formula as the view gets it back from an image's URL."""

    source: str  # as written, with its delimiters: what copying it gives
    latex: str
    display: bool
    colour: str  # "#rrggbb"


def math_url(source: str, colour: str) -> str:
    return f"{MATH_SCHEME}:{colour.lstrip('#')}/{quote(source, safe='')}"


def parse_math_url(url: str) -> MathRef | None:
    """The formula an ``inkstone-math:`` URL names, or None for any other URL."""
    prefix = MATH_SCHEME + ":"
    if not url.startswith(prefix):
        return None
    colour, _, quoted = url[len(prefix) :].partition("/")
    source = unquote(quoted)
    parts = split_source(source)
    if parts is None or not re.fullmatch(r"[0-9a-fA-F]{6}", colour):
        return None
    opening, latex, _ = parts
    return MathRef(source, latex, is_display(opening), "#" + colour)


def _render_math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    source = math_source(token)
    image = _math_image(source, token.content, is_display(token.markup), env["theme"])
    if image is None:
        return _render_code_inline(self, [Token("code_inline", "code", 0, content=source)], 0, options, env)
    return image


def _render_math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    source = math_source(token)
    image = _math_image(source, token.content, True, env["theme"])
    if image is None:
        return _code_block(source, "", env["theme"])
    return f'<p align="center">{image}</p>\n'


def _math_image(source: str, latex: str, display: bool, theme: Colours) -> str | None:
    if typeset(latex.strip(), display) is None:
        return None
    url = html.escape(math_url(source, theme.text), quote=True)
    title = html.escape(source, quote=True)
    return f'<img src="{url}" title="{title}" style="vertical-align: middle;" />'


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
            text = _escape(_breakable("".join(run)))
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
