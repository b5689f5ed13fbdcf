"""Answers cite numbered passages from after the stable part of the prompt; nothing found means no invention."""

from __future__ import annotations

from desktop_app.core.documents.answering import (
    NOTHING_FOUND,
    DocumentContext,
    answer_from_documents,
    standalone_query,
)
from desktop_app.core.documents.retrieval import Passage
from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.prompts import ChatTurn

TEMPLATE = "{% for m in messages %}<{{ m.role }}>{{ m.content }}</{{ m.role }}>{% endfor %}<assistant>"


def _passage(chunk_id: int, text: str, page: int | None = None) -> Passage:
    return Passage(chunk_id, f"/docs/file{chunk_id}.pdf", "Payment", page, 0, len(text), text, 0.03, 0.5, 1)


def test_user_turn_numbers_the_sources_with_file_and_place_then_asks() -> None:
    context = DocumentContext("When is rent due?", "When is rent due?",
                              (_passage(1, "Rent is due on the fifth.", 3), _passage(2, "Deposit: two months.")))

    turn = context.user_turn()

    assert "[1] (file1.pdf, p. 3 · Payment)\nRent is due on the fifth." in turn
    assert "[2] (file2.pdf, Payment)" in turn
    assert turn.endswith("Question: When is rent due?")


def test_cited_numbers_are_read_back_including_lists_and_ranges() -> None:
    context = DocumentContext("q", "q", tuple(_passage(i, f"text {i}") for i in range(1, 5)))

    cited = context.cited("Rent is due on the fifth [1][3]. See also [2-3] and [9].")

    assert [n for n, _ in cited] == [1, 2, 3]
    assert [c.number for c in context.citations(7, "No markers here")] == [1, 2, 3, 4]


def test_nothing_relevant_answers_so_without_asking_the_model(starter_model_path) -> None:
    engine = FakeEngine()
    engine.load(starter_model_path)
    streamed: list[str] = []

    answer = answer_from_documents(engine, DocumentContext("Who won in 1998?", "Who won in 1998?", ()),
                                   GenerationParams(), streamed.append)

    assert answer.text == NOTHING_FOUND == "".join(streamed)
    assert engine.prompts == [] and answer.stats is None


def test_instruct_model_gets_the_sources_in_the_new_user_turn_after_the_history(starter_model_path) -> None:
    engine = FakeEngine(chat_template=TEMPLATE)
    engine.load(starter_model_path)
    engine.enqueue(["Rent is due on the fifth [1]."])
    context = DocumentContext("When is rent due?", "When is rent due?", (_passage(1, "Rent is due on the fifth."),))

    answer = answer_from_documents(engine, context, GenerationParams(), lambda piece: None)

    assert engine.prompts[0].startswith("<user>Sources:")
    assert [n for n, _ in answer.sources] == [1]


def test_follow_up_is_rewritten_by_an_instruct_model_and_joined_to_the_last_question_otherwise(starter_model_path) -> None:
    history = [ChatTurn("user", "What does the lease say about the deposit?"), ChatTurn("assistant", "Two months.")]
    instruct = FakeEngine(chat_template=TEMPLATE)
    instruct.load(starter_model_path)
    instruct.enqueue(["When is the lease deposit returned?"])
    base = FakeEngine()
    base.load(starter_model_path)

    assert standalone_query(instruct, history, "And when is it returned?") == "When is the lease deposit returned?"
    assert standalone_query(base, history, "And when is it returned?") == (
        "What does the lease say about the deposit? And when is it returned?")
    assert standalone_query(base, [], "First question") == "First question"


def test_a_server_model_gets_the_sources_as_a_chat_message(starter_model_path) -> None:
    engine = FakeEngine(takes_messages=True)
    engine.load(starter_model_path)
    engine.enqueue(["Rent is due on the fifth [1]."])
    context = DocumentContext("When is rent due?", "When is rent due?", (_passage(1, "Rent is due on the fifth."),))

    answer = answer_from_documents(engine, context, GenerationParams(), lambda piece: None)

    [[message]] = engine.messages
    assert message.role == "user" and message.content == context.user_turn()
    assert [n for n, _ in answer.sources] == [1]
