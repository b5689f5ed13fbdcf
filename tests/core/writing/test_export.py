"""Export: Markdown, standalone HTML without raw HTML, DOCX with real styles; PDF through a callable."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.export import export_document

MARKDOWN = """# Energy in *cities*

Cities use **a lot** of energy, *mostly* for `heating`.
Same paragraph.

## Solar power

- rooftops
- parking lots
  - nested idea

1. first step
2. second step

> A quoted line.

```python
print("hello")
print("bye")
```

| Source | Share |
|--------|-------|
| Solar  | 10%   |

<script>alert("x")</script>
"""


def test_markdown_export_writes_the_text_as_is(tmp_path: Path) -> None:
    path = export_document("# Title\n\nBody", tmp_path / "doc.md")

    assert path.read_text(encoding="utf-8") == "# Title\n\nBody\n"


def test_html_export_is_a_full_document_with_raw_html_escaped(tmp_path: Path) -> None:
    html = export_document(MARKDOWN, tmp_path / "doc.html").read_text(encoding="utf-8")

    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in html and "<title>Energy in cities</title>" in html
    assert "<h1>Energy in <em>cities</em></h1>" in html
    assert "<strong>a lot</strong>" in html and "<table>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_docx_export_maps_headings_lists_emphasis_and_code(tmp_path: Path) -> None:
    path = export_document(MARKDOWN, tmp_path / "doc.docx")

    document = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Heading 1", "Energy in cities")
    assert ("Normal", "Cities use a lot of energy, mostly for heating. Same paragraph.") in paragraphs
    assert ("Heading 2", "Solar power") in paragraphs
    assert ("List Bullet", "rooftops") in paragraphs and ("List Bullet 2", "nested idea") in paragraphs
    assert ("List Paragraph", "1. first step") in paragraphs and ("List Paragraph", "2. second step") in paragraphs
    assert ("Quote", "A quoted line.") in paragraphs
    body = document.paragraphs[1].runs
    assert any(r.text == "a lot" and r.bold for r in body)
    assert any(r.text == "mostly" and r.italic for r in body)
    assert any(r.text == "heating" and r.font.name == "Courier New" for r in body)
    code = next(p for p in document.paragraphs if "print" in p.text)
    assert code.text == 'print("hello")\nprint("bye")'
    assert all(r.font.name == "Courier New" for r in code.runs)
    assert document.tables[0].cell(1, 0).text == "Solar"
    assert document.core_properties.title == "Energy in cities"


def test_docx_keeps_chinese_text(tmp_path: Path) -> None:
    path = export_document("# 标题\n\n这是正文。", tmp_path / "中文.docx")

    assert [p.text for p in Document(str(path)).paragraphs] == ["标题", "这是正文。"]


def test_pdf_is_written_by_the_callable_the_ui_passes(tmp_path: Path) -> None:
    calls = []

    export_document("# Title", tmp_path / "doc.pdf", pdf_writer=lambda html, path: calls.append((html, path)))

    [(html, path)] = calls
    assert path == tmp_path / "doc.pdf" and "<h1>Title</h1>" in html


def test_pdf_without_a_writer_and_unknown_extensions_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(WritingError, match="PDF export needs"):
        export_document("# Title", tmp_path / "doc.pdf")
    with pytest.raises(WritingError, match=r"\.md, \.html, \.docx or \.pdf, not \.odt"):
        export_document("# Title", tmp_path / "doc.odt")
    with pytest.raises(WritingError, match="no extension"):
        export_document("# Title", tmp_path / "doc")


def test_unwritable_destination_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WritingError, match="Could not write"):
        export_document("# Title", tmp_path / "missing-folder" / "doc.html")


NESTED_LIST = "".join("  " * i + f"- level {i + 1}\n" for i in range(14)) + "\nAfter the list.\n"


def test_a_list_nested_past_the_parsers_limit_keeps_all_its_text_in_html_and_docx(tmp_path: Path) -> None:
    html = export_document(NESTED_LIST, tmp_path / "doc.html").read_text(encoding="utf-8")
    docx_text = "\n".join(p.text for p in Document(str(export_document(NESTED_LIST, tmp_path / "doc.docx"))).paragraphs)

    for text in (html, docx_text):
        assert [n for n in range(1, 15) if f"level {n}" not in text] == []
        assert "After the list." in text


def test_pathological_emphasis_is_written_as_its_text_in_few_runs(tmp_path: Path) -> None:
    text = "x " + "a*" * 5000

    document = Document(str(export_document(text, tmp_path / "doc.docx")))

    [paragraph] = document.paragraphs
    assert paragraph.text == text and len(paragraph.runs) == 1


def test_html_export_links_to_images_and_embeds_none(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    markdown = f"![a cat](https://example.com/cat.png) and ![my photo]({picture.as_posix()})\n"

    html = export_document(markdown, tmp_path / "doc.html").read_text(encoding="utf-8")

    assert "<img" not in html
    assert '<a href="https://example.com/cat.png">[a cat]</a>' in html
    assert f'<a href="{picture.as_posix()}">[my photo]</a>' in html


def test_docx_export_reads_no_image_file_the_text_names(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    path = export_document(f"See ![my photo]({picture.as_posix()}).\n", tmp_path / "doc.docx")

    document = Document(str(path))
    assert [p.text for p in document.paragraphs] == ["See my photo."]
    assert len(document.inline_shapes) == 0
    assert not [part for part in document.part.package.iter_parts() if part.partname.startswith("/word/media/")]


def test_a_wide_table_is_written_to_docx_cell_by_cell(tmp_path: Path) -> None:
    header = "|" + "|".join(f"h{n}" for n in range(40)) + "|\n" + "|-" * 40 + "|\n"
    body = "".join("|" + "|".join(f"r{r}c{c}" for c in range(40)) + "|\n" for r in range(40))

    document = Document(str(export_document(header + body, tmp_path / "doc.docx")))

    table = document.tables[0]
    assert table.cell(0, 39).text == "h39" and table.cell(40, 39).text == "r39c39"


MATHS = "The area is $a_1 * b_2 * c$ and \\(x^2\\).\n\n$$\n\\frac{1}{2}\n$$\n"


def test_html_export_shows_maths_as_its_source_in_code(tmp_path: Path) -> None:
    html = export_document(MATHS, tmp_path / "maths.html").read_text(encoding="utf-8")

    assert '<code class="math">$a_1 * b_2 * c$</code>' in html  # no emphasis out of its stars
    assert '<code class="math">\\(x^2\\)</code>' in html
    assert '<pre class="math"><code>$$\\frac{1}{2}$$</code></pre>' in html
    assert "<em>" not in html


def test_docx_export_writes_maths_as_monospaced_source(tmp_path: Path) -> None:
    document = Document(str(export_document(MATHS, tmp_path / "maths.docx")))

    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "The area is $a_1 * b_2 * c$ and \\(x^2\\)."
    assert "$$\\frac{1}{2}$$" in texts
    formula = next(r for r in document.paragraphs[0].runs if r.text == "$a_1 * b_2 * c$")
    assert formula.font.name == "Courier New" and not formula.italic
