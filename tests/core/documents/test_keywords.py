"""Keyword search words in English and Chinese, and the spans a cited passage highlights."""

from desktop_app.core.documents.keywords import fts_query, keyword_text, match_spans, query_terms


def test_chinese_runs_are_indexed_and_asked_as_character_pairs() -> None:
    assert "时习" in keyword_text("", "学而时习之").split()
    assert "押金" in query_terms("押金什么时候退还？")
    assert "什么" not in query_terms("押金什么时候退还？")


def test_english_queries_drop_common_words_and_are_quoted_for_fts() -> None:
    terms = query_terms("What is the refund policy for travel?")

    assert terms == ["refund", "policy", "travel"]
    assert fts_query(['say "hi"']) == '"say ""hi"""'


def test_match_spans_find_words_with_their_endings_in_both_scripts() -> None:
    text = "Indexing runs while the index grows. 押金为两个月租金。"

    spans = [text[a:b] for a, b in match_spans(text, "index 押金")]

    assert spans == ["Indexing", "index", "押金"]
