"""Draft templates: the required set, field checking, and target lengths."""

from __future__ import annotations

import pytest

from desktop_app.core.writing.draft_templates import TEMPLATES, get_template, parse_length, prepare_request
from desktop_app.core.writing.errors import WritingError


def test_all_templates_from_the_issue_exist() -> None:
    names = {t.name for t in TEMPLATES}

    assert names == {"email", "article", "report", "summary", "rewrite", "proofread", "change-tone",
                     "expand", "shorten", "outline"}
    assert get_template("blog").name == "article"
    assert get_template("Change_Tone").name == "change-tone"


def test_topic_templates_ask_for_topic_audience_tone_length_language_keywords() -> None:
    for name in ("email", "article", "report"):
        assert {"topic", "audience", "tone", "length", "language", "keywords"} <= set(get_template(name).keys)
    for name in ("rewrite", "proofread", "change-tone", "expand", "shorten", "summary"):
        text_field = next(f for f in get_template(name).fields if f.key == "text")
        assert text_field.required and text_field.multiline


def test_unknown_template_lists_the_choices() -> None:
    with pytest.raises(WritingError, match="Unknown draft template 'poem'.*email"):
        get_template("poem")


def test_missing_required_field_and_unknown_field_are_clear_errors() -> None:
    with pytest.raises(WritingError, match="The Email template needs a topic"):
        prepare_request("email", {"audience": "the team"})
    with pytest.raises(WritingError, match="has no field 'colour'"):
        prepare_request("email", {"topic": "x", "colour": "red"})


def test_request_fills_defaults_and_resolves_language() -> None:
    request = prepare_request("article", {"topic": "Sleep", "language": "de"})

    assert request.values["tone"] == "neutral"
    assert request.language.code == "de"
    assert request.target_words == 400  # "medium"
    assert prepare_request("proofread", {"text": "Some text."}).language is None  # keeps the text's own


@pytest.mark.parametrize(("value", "words"), [("300", 300), ("250 words", 250), ("short", 150), ("LONG", 900)])
def test_length_accepts_numbers_and_names(value: str, words: int) -> None:
    assert parse_length(value) == words


def test_length_defaults_to_the_texts_own_length_and_rejects_nonsense() -> None:
    assert parse_length("", "word " * 120) == 120
    with pytest.raises(WritingError, match="not understood"):
        parse_length("a lot")
