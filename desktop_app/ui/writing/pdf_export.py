"""PDF for core.writing.export: Qt lays the exported HTML out and prints it to a PDF file.

QTextDocument + QPdfWriter ship with PySide6-Essentials (QtGui), so no print module is
needed. Fonts are embedded (subset) with their Unicode maps, so the text can be searched
and copied. Before anything is written, every character is checked against the fonts it is
set in: a character no font has would come out as an empty box (NUL when copied), so the
export stops with MissingFontError naming the script and a font to install. The document
loads nothing: no image or style sheet the text names is read from disk or the network.
Needs a QGuiApplication.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from desktop_app.core.writing.errors import MissingFontError
from desktop_app.core.writing.scripts import NOTO_URL, group_by_script
from desktop_app.ui.writing.font_coverage import uncovered_characters

MARGIN_MM = 20.0
SAMPLE_CHARACTERS = 6  # of each script, quoted in the message
_headless_app: list[QApplication] = []  # the CLI's application object, kept alive for the process


class _SelfContainedDocument(QTextDocument):
    """A document that loads no resource: images and style sheets it names stay unread.

    print_() lays out a plain QTextDocument clone, which would load them again, so images
    are also taken out of the text before printing (the exported HTML has none anyway).
    """

    def loadResource(self, type: int, name: QUrl) -> Any:  # noqa: A002 - Qt's parameter name
        return None

    def remove_images(self) -> None:
        spans: list[tuple[int, int]] = []
        block = self.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    spans.append((fragment.position(), fragment.length()))
                fragments += 1
            block = block.next()
        cursor = QTextCursor(self)
        for position, length in reversed(spans):
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()


def write_pdf(html: str, path: Path, font: QFont | None = None) -> None:
    """Write html as an A4 PDF at path (written beside it first, then renamed into place).

    font: the font the text is set in (default: the application's, with Qt's fallbacks).
    Raises MissingFontError, before writing anything, when no font can show some characters.
    """
    path = Path(path)
    document = _SelfContainedDocument()
    base = QFont(font if font is not None else QGuiApplication.font())
    base.setPointSizeF(11)
    document.setDefaultFont(base)
    document.setHtml(html)
    document.remove_images()
    missing = uncovered_characters(document)
    if missing:
        raise MissingFontError(missing_font_message(missing))
    tmp = path.with_name(path.name + ".tmp")
    writer = QPdfWriter(str(tmp))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setCreator("Inkstone")
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(writer)
    del writer  # closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise OSError(f"the PDF could not be written to {path.parent}")
    os.replace(tmp, path)


def missing_font_message(missing: str) -> str:
    """Which scripts have no font (with a few of their characters) and which fonts to install."""
    groups = group_by_script(missing)
    named = [f"{QCoreApplication.translate('PdfExport', script.name)} ({chars[:SAMPLE_CHARACTERS]}{'…' if len(chars) > SAMPLE_CHARACTERS else ''})"
             for script, chars in groups.items()]
    fonts = list(dict.fromkeys(script.font for script in groups if script.font))
    if not fonts:
        return QCoreApplication.translate(
            "PdfExport",
            "No font can show the {0} characters in this document, so they cannot go into a PDF. "
            "Remove them, or export to HTML, DOCX or Markdown, which keep the text as it is.",
        ).format(_and(named))
    return QCoreApplication.translate(
        "PdfExport",
        "No font on this computer can show the {0} characters in this document, so the PDF would have gaps "
        "where they are. Install {1} (free from {2}), restart Inkstone and export again; or export to HTML, "
        "DOCX or Markdown, which keep the text as it is.",
    ).format(_and(named), _and(fonts), NOTO_URL)


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return QCoreApplication.translate("PdfExport", "{0} and {1}").format(", ".join(items[:-1]), items[-1])


def write_pdf_headless(html: str, path: Path) -> None:
    """write_pdf for the CLI: makes the QGuiApplication Qt needs, offscreen when there is no screen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("darwin", "win32")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (not just a QGuiApplication), so windows can still be made in this process later.
    if QApplication.instance() is None:
        _headless_app.append(QApplication([]))
    write_pdf(html, path)
