"""Passages keep their meaning (sections, sentences, a little overlap) and their place (span, page, heading)."""

from __future__ import annotations

from desktop_app.core.documents.chunking import chunk, estimate_tokens
from desktop_app.core.documents.extract import Extracted, Heading, markdown_headings


def test_every_chunk_is_the_exact_slice_of_its_span_and_knows_its_heading() -> None:
    text = "# Guide\n\n" + " ".join(f"Sentence {i} talks about topic {i}." for i in range(200)) + "\n\n## Annex\n\nLast words."
    extracted = markdown_headings(text)

    chunks = chunk(extracted)

    assert len(chunks) > 3
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert all(estimate_tokens(c.text) <= 200 for c in chunks)
    assert chunks[-1].heading == "Guide › Annex" and chunks[-1].text.endswith("Last words.")
    assert all(c.heading == "Guide" for c in chunks[:-1])


def test_consecutive_chunks_overlap_and_cut_between_sentences() -> None:
    text = " ".join(f"Fact number {i} is recorded here." for i in range(150))
    chunks = chunk(Extracted(text))

    for first, second in zip(chunks, chunks[1:]):
        assert second.start < first.end  # shared text
        assert first.text.endswith(".")


def test_a_chunk_never_crosses_a_pdf_page() -> None:
    pages = ["Page one text. " * 30, "Page two text. " * 30]
    text = "\n\n".join(pages)
    extracted = Extracted(text, page_starts=(0, len(pages[0]) + 2))

    chunks = chunk(extracted)

    assert {c.page for c in chunks} == {1, 2}
    assert all(("two" in c.text) == (c.page == 2) for c in chunks)


def test_chinese_text_is_cut_at_sentence_ends() -> None:
    text = "".join(f"第{i}条规定租客应当按时缴纳租金。" for i in range(100))
    chunks = chunk(Extracted(text))

    assert len(chunks) > 2
    assert all(c.text.endswith("。") for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_a_title_with_nothing_under_it_is_not_a_passage() -> None:
    extracted = Extracted("Handbook\n\nHolidays\n\nTwenty days.",
                          (Heading(0, 1, "Handbook"), Heading(10, 2, "Holidays")))

    chunks = chunk(extracted)

    assert [c.heading for c in chunks] == ["Handbook › Holidays"]
