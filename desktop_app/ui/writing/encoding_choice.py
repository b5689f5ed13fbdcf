"""Opening a text file whose bytes read as more than one plausible text: the user picks the encoding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop_app.core.writing.text_files import AmbiguousEncodingError, read_text_file


def read_text_file_asking(parent: QWidget, path: Path) -> str | None:
    """read_text_file(path); when the encoding is ambiguous, the user chooses among the
    readings (each shown with its start). None when they cancel. Other errors propagate."""
    try:
        return read_text_file(path)
    except AmbiguousEncodingError as exc:
        labels = [f"{candidate.encoding}: {candidate.preview}" for candidate in exc.candidates]
        choice, chosen = QInputDialog.getItem(
            parent,
            QCoreApplication.translate("EncodingChoice", "Choose the Encoding"),
            QCoreApplication.translate(
                "EncodingChoice", "{0} reads as different text in different encodings. Which one looks right?"
            ).format(path.name),
            labels,
            0,
            False,
        )
        if not chosen:
            return None
        return read_text_file(path, exc.candidates[labels.index(choice)].encoding)
