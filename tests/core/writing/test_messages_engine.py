"""Translate and Draft on a model that takes messages (a server): instructions go as messages, not a rendered prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.writing.drafter import write_draft
from desktop_app.core.writing.translator import translate


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine(takes_messages=True)
    engine.load(starter_model_path)
    return engine


def test_a_translation_is_asked_as_a_system_and_a_user_message(engine: FakeEngine) -> None:
    engine.enqueue(["Bonjour", " le monde."])

    result = translate("Hello world.", "en", "fr", engine=engine)

    assert result.text == "Bonjour le monde."
    [[system, user]] = engine.messages
    assert (system.role, user.role) == ("system", "user")
    assert "French" in system.content and "Hello world." in user.content
    assert not engine.params[-1].stop  # the server's template ends the turn, not our stop strings


def test_a_draft_is_written_from_one_instruction_even_for_an_edit_template(engine: FakeEngine) -> None:
    engine.enqueue(["A clear text."])

    result = write_draft("rewrite", {"text": "First paragraph.\n\nSecond paragraph."}, engine=engine)

    assert result.text == "A clear text."
    assert len(engine.messages) == 1  # a chat model rewrites the whole text at once, not paragraph by paragraph
    assert "Second paragraph." in engine.messages[0][-1].content
