"""Text comes out of every supported type with its pages and headings; a broken file gets a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.documents.extract import ExtractionError, extract
from tests.support.documents import write_docx, write_pdf


def test_pdf_text_keeps_its_pages(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf", ["Introduction to tides", "The moon pulls the oceans.\nTwice a day."])

    extracted = extract(path)

    assert extracted.pages == 2
    offset = extracted.text.index("The moon pulls")
    assert extracted.page_at(offset) == 2
    assert extracted.page_at(extracted.text.index("Introduction")) == 1


def test_encrypted_pdf_is_refused_with_the_reason(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", ["Secret salaries"])
    writer = PdfWriter()
    writer.append(PdfReader(str(plain)))
    writer.encrypt(user_password="hunter2", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)

    with pytest.raises(ExtractionError, match="encrypted"):
        extract(locked)


def test_scanned_pdf_without_text_layer_says_so(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 842)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)

    with pytest.raises(ExtractionError, match="no text layer"):
        extract(path)


def test_damaged_pdf_and_docx_are_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not a zip at all")

    with pytest.raises(ExtractionError, match="PDF|damaged"):
        extract(tmp_path / "bad.pdf")
    with pytest.raises(ExtractionError, match="DOCX"):
        extract(tmp_path / "bad.docx")


def test_binary_file_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 20)

    with pytest.raises(ExtractionError, match="text file"):
        extract(path)


def test_docx_headings_become_the_heading_path(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "thesis.docx", [("h1", "Methods"), ("h2", "Sampling"), ("p", "We sampled 40 rivers.")])

    extracted = extract(path)

    assert extracted.heading_path(extracted.text.index("We sampled")) == "Methods › Sampling"


def test_html_drops_scripts_and_keeps_headings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body><h1>Manual</h1>"
                    "<h2>Setup</h2><p>Plug the cable &amp; press <b>Start</b>.</p></body></html>", encoding="utf-8")

    extracted = extract(path)

    assert "var a" not in extracted.text
    assert "Plug the cable & press Start." in extracted.text
    assert extracted.heading_path(extracted.text.index("Plug")) == "Manual › Setup"


def test_markdown_and_legacy_encoded_text(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Trip\n\n```\n# not a heading\n```\n\n## Day one\n\nWe walked.\n", encoding="utf-8")
    gbk = tmp_path / "笔记.txt"
    gbk.write_bytes("第一章 总则\n\n本合同自双方签字之日起生效。".encode("gb18030"))

    notes = extract(md)

    assert notes.heading_path(notes.text.index("We walked")) == "Trip › Day one"
    assert "本合同自双方签字之日起生效" in extract(gbk).text


def test_unsupported_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK")

    with pytest.raises(ExtractionError, match="not supported"):
        extract(path)
