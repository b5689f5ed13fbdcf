"""Running Draft templates: prompts for both kinds of model, streaming, Stop, and the real model."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.writing.drafter import write_draft
from desktop_app.core.writing.errors import WritingError


def test_chat_model_gets_an_instruction_with_every_field(chat_engine) -> None:
    chat_engine.enqueue(["Subject: Lunch\n\nHi all,", " see you Friday."])

    result = write_draft("email", {"topic": "Team lunch", "audience": "the team", "tone": "friendly",
                                   "length": "80", "language": "fr", "keywords": "pizza, Friday"},
                         engine=chat_engine)

    prompt = chat_engine.prompts[0]
    assert result.text == "Subject: Lunch\n\nHi all, see you Friday."
    assert "Write an email about: Team lunch." in prompt
    assert "the team" in prompt and "friendly" in prompt and "about 80 words" in prompt
    assert "Write in French." in prompt and "pizza, Friday" in prompt
    assert prompt.endswith("<start_of_turn>model\n")


def test_base_model_continues_a_document_and_the_draft_includes_its_start(base_engine) -> None:
    base_engine.enqueue([" I would like to invite you."])
    pieces: list[str] = []

    result = write_draft("email", {"topic": "Team lunch", "audience": "the marketing team"},
                         engine=base_engine, on_text=pieces.append)

    assert result.text == "Subject: Team lunch\n\nDear marketing team,\n\nI would like to invite you."
    assert "".join(pieces) == result.text
    assert base_engine.prompts[0].endswith("Subject: Team lunch\n\nDear marketing team,\n\n")


def test_base_model_edits_text_paragraph_by_paragraph(base_engine) -> None:
    base_engine.enqueue([" They are going."])
    base_engine.enqueue([" I have an apple."])

    result = write_draft("proofread", {"text": "Their going.\n\nI has a apple."}, engine=base_engine)

    assert result.text == "They are going.\n\nI have an apple."
    assert base_engine.prompts[0].endswith("Text: Their going.\nCorrected:")
    assert base_engine.prompts[1].endswith("Text: I has a apple.\nCorrected:")


def test_change_tone_uses_the_tone_as_the_label(base_engine) -> None:
    write_draft("change-tone", {"text": "Give me the files.", "tone": "formal"}, engine=base_engine)

    assert base_engine.prompts[0].endswith("Original: Give me the files.\nFormal:")


def test_stop_keeps_the_draft_so_far(base_engine) -> None:
    cancel = threading.Event()
    base_engine.enqueue(["Sleep", " matters", " because", " ..."])

    def on_text(piece: str) -> None:
        if piece == " matters":
            cancel.set()

    result = write_draft("article", {"topic": "Sleep"}, engine=base_engine, on_text=on_text, cancel=cancel)

    assert result.stopped
    assert result.text == "# Sleep\n\nSleep matters"


def test_text_longer_than_the_context_is_refused(base_engine) -> None:
    with pytest.raises(WritingError, match="too long for the model's context window"):
        write_draft("summary", {"text": "word " * 20000}, engine=base_engine)


@pytest.mark.model
def test_starter_model_writes_an_email_that_starts_with_its_subject(llama_engine) -> None:
    result = write_draft("email", {"topic": "Team lunch on Friday", "audience": "the team", "length": "40"},
                         engine=llama_engine, temperature=0.0, max_tokens=48)

    assert result.text.startswith("Subject: Team lunch on Friday\n\nDear team,\n\n")
    body = result.text.split("Dear team,", 1)[1]
    assert len(body.split()) >= 5, result.text
    assert "The following" not in body


@pytest.mark.model
def test_starter_model_proofreads_without_echoing_the_pattern(llama_engine) -> None:
    result = write_draft("proofread", {"text": "I has went to the shop yesterday."}, engine=llama_engine,
                         temperature=0.0)

    assert result.text and "\n" not in result.text
    assert "Corrected" not in result.text and "Text:" not in result.text
    assert "shop" in result.text or "store" in result.text, result.text
