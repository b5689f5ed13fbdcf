"""Segmentation: sentence boundaries, the token budget, and a document rebuilt with its structure."""

from __future__ import annotations

from desktop_app.core.writing.segmentation import (
    SENTENCE_JOIN,
    join_segments,
    segment_text,
    split_sentences,
)


def count(text: str) -> int:  # about a token per four characters, like FakeEngine
    return max(1, len(text) // 4) if text else 0


def sentences(text: str) -> list[str]:
    return [s for s, _ in split_sentences(text)]


def test_latin_sentences_split_after_end_punctuation_but_not_abbreviations_or_numbers() -> None:
    text = 'Dr. Smith met Mr. J. K. Rowling at 3.30 p.m. today. "Really?" she asked. Yes! It cost e.g. $3.50 each.'

    assert sentences(text) == [
        "Dr. Smith met Mr. J. K. Rowling at 3.30 p.m. today.",
        '"Really?" she asked.',
        "Yes!",
        "It cost e.g. $3.50 each.",
    ]


def test_cjk_sentences_split_after_full_width_punctuation_and_closing_quotes() -> None:
    assert sentences("第一句话。第二句话！“第三句？”最后一句") == ["第一句话。", "第二句话！", "“第三句？”", "最后一句"]
    assert sentences("今日は晴れです。明日は雨です。") == ["今日は晴れです。", "明日は雨です。"]


def test_split_sentences_loses_no_character() -> None:
    text = "One.  Two?\tThree!  Four…  Five"

    assert "".join(s + w for s, w in split_sentences(text)) == text


def test_text_that_fits_stays_one_segment_per_paragraph() -> None:
    text = "First paragraph. Still first.\n\nSecond paragraph."

    segments = segment_text(text, count, budget=100)

    assert [s.text for s in segments] == ["First paragraph. Still first.", "Second paragraph."]
    assert segments[0].separator == "\n\n"


def test_long_paragraph_splits_at_sentences_within_budget() -> None:
    paragraph = " ".join(f"Sentence number {i} is here." for i in range(40))

    segments = segment_text(paragraph, count, budget=20)

    assert len(segments) > 1
    assert all(count(s.text) <= 20 for s in segments)
    assert all(s.text.endswith(".") for s in segments)  # never cut mid-sentence
    assert all(s.separator == SENTENCE_JOIN for s in segments[:-1])
    assert join_segments(segments, [s.text for s in segments]) == paragraph


def test_a_single_sentence_over_budget_is_cut_at_commas_then_words() -> None:
    sentence = "This sentence, which goes on, and on, " + "and on " * 60 + "ends here."

    segments = segment_text(sentence, count, budget=12)

    assert all(count(s.text) <= 12 for s in segments)
    assert " ".join(s.text for s in segments).split() == sentence.split()


def test_a_long_cjk_sentence_is_cut_without_losing_characters() -> None:
    sentence = "这是一个非常长的句子" * 30 + "。"

    segments = segment_text(sentence, count, budget=10)

    assert len(segments) > 1
    assert join_segments(segments, [s.text for s in segments], target_is_cjk=True) == sentence


def test_sentence_join_depends_on_the_target_language() -> None:
    text = "第一句话很长很长很长。第二句话也很长很长。"
    segments = segment_text(text, count, budget=4)
    outputs = [f"S{i}." for i in range(len(segments))]

    assert join_segments(segments, outputs, target_is_cjk=False) == " ".join(outputs)
    assert join_segments(segments, outputs, target_is_cjk=True) == "".join(outputs)


DOC = """# Title

Intro paragraph.

- first item
- second item

```python
x = 1

print(x)
```
1. numbered
---

    indented code


End."""


def test_keep_formatting_passes_markup_code_and_blank_lines_through() -> None:
    segments = segment_text(DOC, count, budget=100, keep_formatting=True)
    translated = [s.text.upper() for s in segments]

    joined = join_segments(segments, translated)

    assert [s.text for s in segments if s.translate] == [
        "Title", "Intro paragraph.", "first item", "second item", "numbered", "End."
    ]
    assert joined == DOC.replace("Title", "TITLE").replace("Intro paragraph.", "INTRO PARAGRAPH.").replace(
        "first item", "FIRST ITEM").replace("second item", "SECOND ITEM").replace("numbered", "NUMBERED").replace(
        "End.", "END.")


def test_untranslated_join_rebuilds_the_document_exactly() -> None:
    text = "\n\nLeading blanks.\r\n\r\nWindows lines.  \n  \n\n\nTrailing.\n\n"

    segments = segment_text(text, count, budget=100)

    assert join_segments(segments, [s.text for s in segments]) == text.replace("\r\n", "\n")


def test_without_keep_formatting_blank_runs_collapse_and_code_is_text() -> None:
    segments = segment_text("\n\nOne.\n\n\n\n```\ncode\n```\n", count, budget=100, keep_formatting=False)

    assert [s.text for s in segments] == ["One.", "```\ncode\n```"]
    assert all(s.translate for s in segments)
    assert join_segments(segments, [s.text for s in segments]) == "One.\n\n```\ncode\n```"


def test_single_lines_mode_never_puts_a_newline_in_a_segment() -> None:
    text = "A poem line one\nline two here\n\nNew stanza"

    segments = segment_text(text, count, budget=100, single_lines=True)

    assert [s.text for s in segments] == ["A poem line one", "line two here", "New stanza"]
    assert [s.separator for s in segments] == ["\n", "\n\n", ""]


def test_two_hundred_pages_segment_in_linear_time() -> None:
    paragraph = "This is a sentence of a long report. " * 12 + "\n\n"
    small = paragraph * 200
    large = paragraph * 2000  # ten times the text: about 100k words, a 200-page document
    calls = []

    def counting(text: str) -> int:
        calls.append(1)
        return count(text)

    segment_text(small, counting, budget=60)
    small_calls = len(calls)
    calls.clear()
    segments = segment_text(large, counting, budget=60)

    assert len(large.split()) > 90_000
    assert len(calls) <= 10 * small_calls + 10  # work grows with the text, not its square
    assert len(segments) == 4000
