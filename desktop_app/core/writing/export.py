"""Saving a Markdown draft or translation as Markdown, standalone HTML, or Word (.docx).

PDF needs a renderer this package does not have (the UI prints the HTML through Qt), so
export_document takes it as a callable. Markdown is parsed once by markdown-it-py with raw
HTML disabled: HTML in a draft is shown as text, never passed through. The parser is the
bounded one (core/markdown_parser.py): deep nesting keeps its text, pathological input stays
fast. An exported file loads nothing from outside itself: an image becomes a link to the
picture in HTML (and PDF) and its description in DOCX, and no file the text names is read.
TeX maths (core/markdown_math.py) is exported as its source, as code: ``$a_1 * b_2$`` keeps
its stars and underscores instead of turning into emphasis.

DOCX mapping: '#'..'######' -> Heading 1..6; paragraphs -> Normal; bullet lists ->
List Bullet (2, 3 when nested); numbered lists -> List Paragraph with the number written
out (Word's own numbering would run on across separate lists); block quotes -> Quote;
code blocks, inline code and maths -> Courier New runs; **bold**, *italic*, ~~strike~~ -> run
formatting; links -> their text, underlined; tables -> a grid table; rules -> a centred
'* * *'.
"""

from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path
from typing import Any, Callable

from desktop_app.core.markdown_math import math_plugin, math_source
from desktop_app.core.markdown_parser import bound, render_image_as_link
from desktop_app.core.writing.errors import WritingError

PdfWriter = Callable[[str, Path], None]  # (standalone HTML, path) -> writes the PDF
EXPORT_FORMATS = {".md": "Markdown", ".markdown": "Markdown", ".html": "HTML", ".htm": "HTML",
                  ".docx": "Word document", ".pdf": "PDF"}
MONOSPACE = "Courier New"

_CSS = """
body { max-width: 46em; margin: 2em auto; padding: 0 1em; font: 16px/1.6 system-ui, sans-serif; color: #222; }
pre, code { font-family: "Courier New", monospace; background: #f4f4f4; }
pre { padding: .8em; overflow-x: auto; }
blockquote { margin-left: 0; padding-left: 1em; border-left: 4px solid #ddd; color: #555; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3em .6em; }
"""


def export_document(markdown_text: str, path: str | Path, *, title: str | None = None,
                    pdf_writer: PdfWriter | None = None) -> Path:
    """Write markdown_text to path in the format its extension names; returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        shown = suffix or "(no extension)"
        raise WritingError(f"Inkstone can export to .md, .html, .docx or .pdf, not {shown}.")
    try:
        if suffix in (".md", ".markdown"):
            _write_text(path, markdown_text if markdown_text.endswith("\n") else markdown_text + "\n")
        elif suffix in (".html", ".htm"):
            _write_text(path, markdown_to_html(markdown_text, title))
        elif suffix == ".docx":
            markdown_to_docx(markdown_text, title).save(str(path))
        else:
            if pdf_writer is None:
                raise WritingError("PDF export needs the window's printer; from here, export to .html or .docx.")
            pdf_writer(markdown_to_html(markdown_text, title), path)
    except OSError as exc:
        raise WritingError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    return path


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = bound(MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]))
    md.add_render_rule("image", render_image_as_link)
    md.use(math_plugin)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_block", _render_math_block)
    return md


def _render_math_inline(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return f'<code class="math">{html.escape(math_source(tokens[idx]), quote=False)}</code>'


def _render_math_block(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return f'<pre class="math"><code>{html.escape(math_source(tokens[idx]), quote=False)}</code></pre>\n'


def document_title(markdown_text: str) -> str:
    """The first heading's text, else the first line, for the HTML <title> and DOCX properties."""
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown_text, re.MULTILINE)
    line = match.group(1) if match else next((l for l in markdown_text.splitlines() if l.strip()), "Untitled")
    return re.sub(r"[*_`]", "", line).strip()[:120] or "Untitled"


def markdown_to_html(markdown_text: str, title: str | None = None) -> str:
    """A complete HTML document (UTF-8, small stylesheet) for the Markdown text."""
    body = _markdown().render(markdown_text)
    title = html.escape(title or document_title(markdown_text))
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def markdown_to_docx(markdown_text: str, title: str | None = None) -> Any:
    """A python-docx Document built from the Markdown tokens (see the module docstring)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    document.core_properties.title = title or document_title(markdown_text)
    tokens = _markdown().parse(markdown_text)
    lists: list[list[Any]] = []  # per open list: [kind, next number]
    quote = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            paragraph = document.add_heading(level=min(int(token.tag[1]), 9))
            _add_inline(paragraph, tokens[i + 1].children or [])
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(["bullet" if kind == "bullet_list_open" else "ordered", int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "paragraph_open":
            paragraph = document.add_paragraph(style=_paragraph_style(lists, quote, tokens, i))
            if lists and lists[-1][0] == "ordered" and _first_in_item(tokens, i):
                paragraph.add_run(f"{lists[-1][1]}. ")
                lists[-1][1] += 1
            _add_inline(paragraph, tokens[i + 1].children or [])
            i += 3
            continue
        elif kind in ("fence", "code_block", "math_block"):
            paragraph = document.add_paragraph()
            source = math_source(token) if kind == "math_block" else token.content
            lines = source.rstrip("\n").split("\n")
            for n, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.font.name = MONOSPACE
                if n < len(lines) - 1:
                    run.add_break()
        elif kind == "hr":
            document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "table_open":
            i = _add_table(document, tokens, i)
            continue
        i += 1
    return document


def _paragraph_style(lists: list[list[Any]], quote: int, tokens: list[Any], index: int) -> str | None:
    if lists:
        if lists[-1][0] == "ordered" or not _first_in_item(tokens, index):
            return "List Paragraph"
        depth = len([entry for entry in lists if entry[0] == "bullet"])
        return "List Bullet" if depth <= 1 else f"List Bullet {min(depth, 3)}"
    return "Quote" if quote else None


def _first_in_item(tokens: list[Any], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "list_item_open"


def _add_inline(paragraph: Any, children: list[Any]) -> None:
    bold = italic = strike = link = False
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "image", "math_inline"):
            text = math_source(child) if kind == "math_inline" else child.content
            if kind == "image":
                text = "".join(c.content for c in child.children or []) or child.attrs.get("alt", "")
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if strike:
                run.font.strike = True
            if link:
                run.underline = True
            if kind in ("code_inline", "math_inline"):
                run.font.name = MONOSPACE
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind in ("s_open", "s_close"):
            strike = kind == "s_open"
        elif kind in ("link_open", "link_close"):
            link = kind == "link_open"


def _add_table(document: Any, tokens: list[Any], index: int) -> int:
    """Add the table starting at tokens[index]; return the index after table_close."""
    rows: list[list[tuple[list[Any], bool]]] = []
    i = index + 1
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "tr_open":
            rows.append([])
        elif kind in ("th_open", "td_open"):
            rows[-1].append((tokens[i + 1].children or [], kind == "th_open"))
        i += 1
    if rows:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        # Row by row: table.cell(r, c) lists every cell of the table on each call.
        for row, cells in zip(rows, (docx_row.cells for docx_row in table.rows)):
            for (children, header), cell in zip(row, cells):
                paragraph = cell.paragraphs[0]
                _add_inline(paragraph, children)
                if header:
                    for run in paragraph.runs:
                        run.bold = True
    return i + 1
