"""PDF for core.writing.export: Qt lays the exported HTML out and prints it to a PDF file.

QTextDocument + QPdfWriter ship with PySide6-Essentials (QtGui), so no print module is
needed. Fonts are embedded (subset) with their Unicode maps, so the text can be searched
and copied, Chinese included when a CJK font is installed. Needs a QGuiApplication.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

MARGIN_MM = 20.0
_headless_app: list[QApplication] = []  # the CLI's application object, kept alive for the process


def write_pdf(html: str, path: Path) -> None:
    """Write html as an A4 PDF at path (written beside it first, then renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    writer = QPdfWriter(str(tmp))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setCreator("Inkstone")
    document = QTextDocument()
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(11)
    document.setDefaultFont(font)
    document.setHtml(html)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(writer)
    del writer  # closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise OSError(f"the PDF could not be written to {path.parent}")
    os.replace(tmp, path)


def write_pdf_headless(html: str, path: Path) -> None:
    """write_pdf for the CLI: makes the QGuiApplication Qt needs, offscreen when there is no screen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("darwin", "win32")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (not just a QGuiApplication), so windows can still be made in this process later.
    if QApplication.instance() is None:
        _headless_app.append(QApplication([]))
    write_pdf(html, path)
