"""PDF export: the text goes in only when a font can show it, and nothing outside the document is read.

Every test sets the text in a font the test makes (tests/support/fonts.py), with Qt's font
fallback off, so the outcome is the same on a machine with every font and one with none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage

from desktop_app.core.writing.errors import MissingFontError
from desktop_app.core.writing.export import export_document, markdown_to_html
from desktop_app.ui.writing.pdf_export import write_pdf

MIXED = "# Local models\n\nModels run **locally**: 大型语言模型 stay private.\n"


def pdf_text(path: Path) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_text_the_font_covers_is_written_and_can_be_copied(tmp_path: Path, only_font) -> None:
    font = only_font("大型语言模")

    write_pdf(markdown_to_html(MIXED), tmp_path / "doc.pdf", font)

    text = pdf_text(tmp_path / "doc.pdf")
    assert "Models run locally" in text and "大型语言模型 stay private." in text


def test_chinese_without_a_chinese_font_names_the_script_and_a_font_and_writes_nothing(
    tmp_path: Path, only_font
) -> None:
    font = only_font()  # Latin only

    with pytest.raises(MissingFontError) as refused:
        write_pdf(markdown_to_html(MIXED), tmp_path / "doc.pdf", font)

    message = str(refused.value)
    assert "Chinese (大型语言模)" in message and "Noto Sans CJK SC" in message and "https://fonts.google.com/noto" in message
    assert list(tmp_path.glob("doc.pdf*")) == []


def test_each_uncovered_script_is_named_once_with_its_font(tmp_path: Path, only_font) -> None:
    font = only_font("大")

    with pytest.raises(MissingFontError) as refused:
        write_pdf(markdown_to_html("大 नमस्ते and 日本, again नमस्ते"), tmp_path / "doc.pdf", font)

    message = str(refused.value)
    assert "Devanagari (नमस्ते)" in message and "Chinese (日本)" in message
    assert "Noto Sans Devanagari and Noto Sans CJK SC" in message


def test_a_character_no_font_anywhere_has_is_reported_as_such(tmp_path: Path, only_font) -> None:
    font = only_font()

    with pytest.raises(MissingFontError, match="No font can show the unassigned or private-use \\(\ue000\\)"):
        write_pdf(markdown_to_html("Logo: \ue000"), tmp_path / "doc.pdf", font)


def test_spaces_and_invisible_characters_need_no_glyph(tmp_path: Path, only_font) -> None:
    font = only_font()

    write_pdf(markdown_to_html("a\u00a0b\u200bc\u3000d"), tmp_path / "doc.pdf", font)

    assert (tmp_path / "doc.pdf").is_file()


def test_an_image_the_text_names_is_neither_read_nor_embedded(tmp_path: Path, only_font) -> None:
    only_font()
    picture = tmp_path / "secret.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture))

    export_document(f"Look: ![a picture]({picture.as_posix()})\n", tmp_path / "doc.pdf", pdf_writer=write_pdf)
    write_pdf(f'<p>Raw: <img src="{picture.as_posix()}"></p>', tmp_path / "raw.pdf")

    for name in ("doc.pdf", "raw.pdf"):
        assert all(not page.images for page in PdfReader(str(tmp_path / name)).pages), name
    assert "Look: [a picture]" in pdf_text(tmp_path / "doc.pdf")


def test_a_list_nested_past_the_parsers_limit_keeps_all_its_text(tmp_path: Path, only_font) -> None:
    only_font()
    nested = "".join("  " * i + f"- level {i + 1}\n" for i in range(14)) + "\nAfter the list.\n"

    export_document(nested, tmp_path / "doc.pdf", pdf_writer=write_pdf)

    text = pdf_text(tmp_path / "doc.pdf")
    assert [n for n in range(1, 15) if f"level {n}" not in text] == [] and "After the list." in text
