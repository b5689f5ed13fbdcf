"""Text out of a user's file, with where its pages and headings start, or a reason why not.

Plain text and Markdown go through the Translate workspace's decoding (legacy encodings are
detected, binaries refused); PDFs through pypdf, page by page; DOCX through python-docx, with
its heading styles; HTML through the standard library's parser. A file that cannot be read
raises ExtractionError with a short reason a user can act on (encrypted, scanned, damaged,
binary); it never stops the other files.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm"})
MAX_FILE_BYTES = 200 * 1024 * 1024


class ExtractionError(InkstoneError):
    """A file whose text cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class Heading:
    start: int  # offset in the extracted text
    level: int  # 1 for a title or chapter, deeper below
    title: str


@dataclass(frozen=True)
class Extracted:
    text: str
    headings: tuple[Heading, ...] = ()
    page_starts: tuple[int, ...] = ()  # offset where each page begins (PDF), page 1 first
    _heading_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._heading_starts.extend(h.start for h in self.headings)

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) that the character at offset is on; None for files without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def heading_path(self, offset: int) -> str:
        """The headings above offset, outermost first: "Chapter 2 › Payment"."""
        index = bisect.bisect_right(self._heading_starts, offset)
        path: list[Heading] = []
        for heading in self.headings[:index]:
            while path and path[-1].level >= heading.level:
                path.pop()
            path.append(heading)
        return " › ".join(h.title for h in path)


def extract(path: Path) -> Extracted:
    """The file's text; raises ExtractionError with the reason when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(f"{suffix or 'files without an extension'} files are not supported")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise ExtractionError(f"too large ({size // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    try:
        if suffix == ".pdf":
            return _pdf(path)
        if suffix == ".docx":
            return _docx(path)
        if suffix in (".html", ".htm"):
            from desktop_app.core.documents.html_text import html_to_extracted

            return html_to_extracted(_text(path))
        text = _text(path)
        return markdown_headings(text) if suffix in (".md", ".markdown") else Extracted(text)
    except ExtractionError:
        raise
    except OSError as exc:
        raise ExtractionError(f"cannot be read: {exc.strerror or exc}") from exc
    except Exception as exc:  # a damaged file can make any parser fail in its own way
        log.warning("Could not extract the text of a %s file", suffix, exc_info=True)
        raise ExtractionError(f"cannot be read ({type(exc).__name__}); the file may be damaged") from exc


def _text(path: Path) -> str:
    from desktop_app.core.writing.errors import WritingError
    from desktop_app.core.writing.text_files import AmbiguousEncodingError, decode_text

    data = path.read_bytes()
    try:
        return decode_text(data, path.name)
    except AmbiguousEncodingError as exc:  # no one to ask here: take the likeliest reading
        return decode_text(data, path.name, exc.candidates[0].encoding)
    except WritingError as exc:
        raise ExtractionError(_reason(str(exc), path.name)) from exc


def _reason(message: str, name: str) -> str:
    return message.replace(f"{name} ", "", 1).rstrip(".") if message.startswith(name) else message.rstrip(".")


def markdown_headings(text: str) -> Extracted:
    """Markdown: ATX headings (# Title) outside code fences mark the sections."""
    import re

    headings: list[Heading] = []
    fence: str | None = None
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        elif fence is None:
            match = re.match(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$", line)
            if match:
                headings.append(Heading(offset, len(match.group(1)), match.group(2).strip()))
        offset += len(line) + 1
    return Extracted(text, tuple(headings))


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many PDFs are only "protected" with an empty password
            except Exception:  # noqa: BLE001 - an unsupported encryption is a refusal like a wrong password
                opened = 0
            if not opened:
                raise ExtractionError("the PDF is encrypted with a password")
        pages = list(reader.pages)
    except PdfReadError as exc:
        raise ExtractionError(f"not a readable PDF ({exc})") from exc
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        content = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        parts.append(content)
        offset += len(content) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise ExtractionError("the PDF has no text layer (scanned pages are images; run OCR on it first)")
    return Extracted(text, _pdf_outline(reader, starts), tuple(starts))


def _pdf_outline(reader, starts: list[int]) -> tuple[Heading, ...]:  # noqa: ANN001
    """The PDF's bookmarks as headings at the start of their page."""
    headings: list[Heading] = []

    def walk(items, level: int) -> None:  # noqa: ANN001
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # noqa: BLE001 - a broken bookmark is skipped
                continue
            if 0 <= page < len(starts) and getattr(item, "title", None):
                headings.append(Heading(starts[page], level, str(item.title).strip()))

    try:
        walk(reader.outline, 1)
    except Exception:  # noqa: BLE001 - a damaged outline: the text is still worth having
        log.info("A PDF outline could not be read", exc_info=True)
    return tuple(sorted(headings, key=lambda h: h.start))


def _docx(path: Path) -> Extracted:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ExtractionError("not a valid DOCX file (it may be damaged, or an old .doc renamed)") from exc
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for paragraph in _docx_blocks(document):
        text = paragraph[1].strip()
        if not text:
            continue
        level = paragraph[0]
        if level:
            headings.append(Heading(offset, level, text))
        parts.append(text)
        offset += len(text) + 2
    return Extracted("\n\n".join(parts), tuple(headings))


def _docx_blocks(document) -> list[tuple[int, str]]:  # noqa: ANN001
    """(heading level or 0, text) for each paragraph, and each table row as one line, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[tuple[int, str]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = (item.style.name if item.style is not None else "") or ""
            level = 0
            if style == "Title":
                level = 1
            elif style.startswith("Heading"):
                digits = style.removeprefix("Heading").strip()
                level = int(digits) if digits.isdigit() else 1
            blocks.append((level, item.text))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                blocks.append((0, " | ".join(c for c in cells if c)))
    return blocks
