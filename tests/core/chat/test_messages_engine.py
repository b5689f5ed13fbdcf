"""A chat turn on a model that takes messages (a server): the messages are sent, the answer is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.engine import ChatMessage, GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.errors import EngineError
from desktop_app.core.store import Store


@pytest.fixture
def store(data_dir: Path):
    with Store() as store:
        yield store


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine(takes_messages=True)
    engine.load(starter_model_path)
    return engine


def test_a_turn_sends_the_conversation_as_messages_and_stores_the_answer(store: Store, engine: FakeEngine) -> None:
    service = ChatService(store)
    engine.enqueue(["Paris."])
    first = service.start_turn(None, "Capital of France?", "m")
    service.run_turn(first, engine, GenerationParams(), lambda _piece: None, system_prompt="Answer briefly.")
    engine.enqueue(["Berlin", "."])
    second = service.start_turn(first.conversation_id, "And Germany?", "m")

    result = service.run_turn(second, engine, GenerationParams(), lambda _piece: None)

    assert engine.messages[-1] == [ChatMessage("user", "Capital of France?"), ChatMessage("assistant", "Paris."),
                                   ChatMessage("user", "And Germany?")]
    assert engine.messages[0][0] == ChatMessage("system", "Answer briefly.")
    assert result.message.content == "Berlin." and result.message.status == "complete"
    assert store.messages(first.conversation_id)[-1].content == "Berlin."


def test_a_failure_mid_answer_keeps_what_was_written(store: Store, engine: FakeEngine) -> None:
    class DropsMidAnswer(FakeEngine):
        def generate_chat(self, messages, params, on_text, cancel=None, on_prompt_progress=None):  # type: ignore[no-untyped-def]
            on_text("Half an ")
            on_text("answer")
            raise EngineError("The connection to the server was lost in the middle of the answer.")

    dropping = DropsMidAnswer(takes_messages=True)
    dropping.load(engine.model.path)  # type: ignore[union-attr]
    service = ChatService(store)
    turn = service.start_turn(None, "Tell me a story", "m")

    with pytest.raises(EngineError, match="lost"):
        service.run_turn(turn, dropping, GenerationParams(), lambda _piece: None)

    [_, answer] = store.messages(turn.conversation_id)
    assert answer.content == "Half an answer" and answer.status == "failed"
