"""A conversation that uses document collections: passages after the stable prompt, citations kept,
no invention when nothing is found, follow-ups searched as standalone questions, servers get the passages."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.chat.documents import ChatDocuments
from desktop_app.core.documents.answering import NOTHING_FOUND, REWRITE_INSTRUCTION
from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.library import DocumentLibrary
from desktop_app.core.documents.worker import wait_until_indexed
from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.embedder import FakeEmbedder
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store

TEMPLATE = "{% for m in messages %}<{{ m.role }}>{{ m.content }}</{{ m.role }}>{% endfor %}<assistant>"
GARDEN = "# Garden\n\nWater the tomatoes every evening in summer, and once a week in winter.\n"
LEASE = "# Lease\n\nThe deposit of two months of rent is returned within ten days of the end of the lease.\n"
PARAMS = GenerationParams(max_tokens=64, temperature=0.0)


@pytest.fixture
def store(data_dir: Path):
    with Store() as opened:
        yield opened


@pytest.fixture
def library(store: Store, starter_model_path: Path, tmp_path: Path):
    """Two notes indexed on the fake embedder (the collection's model is the real starter GGUF, checked)."""
    library = DocumentLibrary(store, SharedEmbedder(FakeEmbedder))
    collection = library.collection("Notes", str(starter_model_path))
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text(GARDEN, encoding="utf-8")
    (folder / "lease.md").write_text(LEASE, encoding="utf-8")
    library.start()
    library.add([folder], collection)
    assert wait_until_indexed(library.worker, library.docs, timeout=30)
    library.test_collection = collection
    yield library
    library.close()


@pytest.fixture
def documents(library: DocumentLibrary) -> ChatDocuments:
    return ChatDocuments(lambda: library.retriever)


def _engine(model_path: Path, **options) -> FakeEngine:
    engine = FakeEngine(**options)
    engine.load(model_path)
    return engine


def _ask(service: ChatService, engine: FakeEngine, conversation_id: int | None, question: str,
         cancel: threading.Event | None = None):
    turn = service.start_turn(conversation_id, question, "fake")
    return turn, service.run_turn(turn, engine, PARAMS, lambda piece: None, cancel)


def test_passages_go_in_the_new_user_turn_after_the_unchanged_conversation(
        store, documents, library, starter_model_path) -> None:
    engine = _engine(starter_model_path, chat_template=TEMPLATE)
    service = ChatService(store, documents)
    engine.enqueue(["Hello!"])
    first, _ = _ask(service, engine, None, "Hi there")
    documents.choose(first.conversation_id, [library.test_collection.id])
    engine.enqueue(["When is the deposit of the lease returned?"])  # the follow-up, rewritten
    engine.enqueue(["Within ten days [1]."])

    _ask(service, engine, first.conversation_id, "When is the deposit returned?")

    prompt = engine.prompts[-1]
    stable = "<user>Hi there</user><assistant>Hello!</assistant>"
    assert prompt.startswith(stable)  # the conversation so far, as it was: its context is reused
    new_turn = prompt[len(stable):]
    assert new_turn.startswith("<user>Sources:\n\n[1] (lease.md, Lease)\n")
    assert "cite the sources you use as [1], [2]" in new_turn
    assert new_turn.endswith("Question: When is the deposit returned?</user><assistant>")


def test_earlier_passages_leave_the_prompt_so_it_keeps_its_beginning(store, documents, library,
                                                                      starter_model_path) -> None:
    engine = _engine(starter_model_path)  # a base model: no rewriting, a transcript with a worked example
    service = ChatService(store, documents)
    turn = service.start_turn(None, "How often do I water the tomatoes?", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    engine.enqueue(["Every evening in summer [1]."])
    service.run_turn(turn, engine, PARAMS, lambda piece: None)
    engine.enqueue(["Within ten days [1]."])

    _ask(service, engine, turn.conversation_id, "When is the lease deposit returned?")

    first, second = engine.prompts
    question_at = first.index("User: Sources:\n\n[1] (garden.md")
    assert second.startswith(first[:question_at])  # preamble, worked example: the same every turn
    assert "museum.md" in first[:question_at]  # the example answers from a source and cites it
    assert "User: How often do I water the tomatoes?\nAssistant: Every evening in summer [1]." in second
    assert second.count("Sources:") == 2  # the example's and the new question's; the old ones are gone
    assert "[1] (lease.md, Lease)" in second
    assert engine.stats[-1].cached_tokens >= question_at // 4 - 1  # read again from the last question only


def test_the_answer_s_citations_are_stored_and_read_back(store, documents, library, starter_model_path) -> None:
    engine = _engine(starter_model_path)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "How often should the tomatoes be watered?", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    engine.enqueue(["Every evening in summer [1]."])

    result = service.run_turn(turn, engine, PARAMS, lambda piece: None)

    assert [(c.number, Path(c.path).name, c.heading) for c in result.citations] == [(1, "garden.md", "Garden")]
    assert "Water the tomatoes every evening" in result.citations[0].text
    reopened = ChatDocuments(lambda: library.retriever).citations(turn.conversation_id)
    assert reopened == {result.message.id: list(result.citations)}


def test_nothing_relevant_found_says_so_without_asking_the_model(store, documents, library,
                                                                starter_model_path) -> None:
    engine = _engine(starter_model_path)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "Who won the 1998 football final?", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    streamed: list[str] = []

    result = service.run_turn(turn, engine, PARAMS, streamed.append)

    assert engine.prompts == []
    assert result.message.content == NOTHING_FOUND == "".join(streamed)
    assert result.message.status == "complete"
    assert result.citations == () and documents.citations(turn.conversation_id) == {}


def test_a_follow_up_is_searched_as_the_question_the_model_rewrote(store, documents, library,
                                                                   starter_model_path) -> None:
    engine = _engine(starter_model_path, chat_template=TEMPLATE)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "Tell me about the lease.", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    engine.enqueue(["It is about the deposit [1]."])
    service.run_turn(turn, engine, PARAMS, lambda piece: None)
    engine.enqueue(["How often should the tomatoes be watered in winter?"])  # what the rewrite asks for
    engine.enqueue(["Once a week [1]."])

    _, result = _ask(service, engine, turn.conversation_id, "And in winter?")

    rewrite_prompt = engine.prompts[-2]
    assert REWRITE_INSTRUCTION in rewrite_prompt and "User: Tell me about the lease." in rewrite_prompt
    assert "(garden.md, Garden)" in engine.prompts[-1]  # found by the rewritten question, not "And in winter?"
    assert [Path(c.path).name for c in result.citations] == ["garden.md"]


def test_a_server_model_gets_the_passages_in_its_last_message(store, documents, library,
                                                              starter_model_path) -> None:
    engine = _engine(starter_model_path, takes_messages=True)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "When is the lease deposit returned?", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    engine.enqueue(["Within ten days [1]."])

    result = service.run_turn(turn, engine, PARAMS, lambda piece: None)

    [messages] = engine.messages
    assert [m.role for m in messages] == ["user"]
    assert messages[0].content.startswith("Sources:\n\n[1] (lease.md, Lease)\n# Lease\n\nThe deposit of two months")
    assert messages[0].content.endswith("Question: When is the lease deposit returned?")
    assert [c.number for c in result.citations] == [1]


def test_a_server_model_rewrites_a_follow_up_through_chat_messages(store, documents, library,
                                                                  starter_model_path) -> None:
    engine = _engine(starter_model_path, takes_messages=True)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "Tell me about the lease.", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    engine.enqueue(["It is about the deposit [1]."])
    service.run_turn(turn, engine, PARAMS, lambda piece: None)
    engine.enqueue(["How often should the tomatoes be watered in winter?"])
    engine.enqueue(["Once a week [1]."])

    _ask(service, engine, turn.conversation_id, "And in winter?")

    rewrite, answer = engine.messages[-2:]
    assert len(rewrite) == 1 and REWRITE_INSTRUCTION in rewrite[0].content  # a chat request, not a raw completion
    assert [m.content for m in answer[:2]] == ["Tell me about the lease.", "It is about the deposit [1]."]
    assert "(garden.md, Garden)" in answer[-1].content


def test_a_conversation_without_collections_is_answered_from_the_model_alone(store, documents,
                                                                            starter_model_path) -> None:
    engine = _engine(starter_model_path, chat_template=TEMPLATE)
    service = ChatService(store, documents)

    _, result = _ask(service, engine, None, "When is the lease deposit returned?")

    assert engine.prompts == ["<user>When is the lease deposit returned?</user><assistant>"]
    assert result.citations == ()


def test_stop_before_the_answer_keeps_no_sources(store, documents, library, starter_model_path) -> None:
    engine = _engine(starter_model_path)
    service = ChatService(store, documents)
    turn = service.start_turn(None, "How often should the tomatoes be watered?", "fake")
    documents.choose(turn.conversation_id, [library.test_collection.id])
    cancel = threading.Event()
    cancel.set()

    result = service.run_turn(turn, engine, PARAMS, lambda piece: None, cancel)

    assert result.message.status == "stopped" and result.message.content == ""
    assert result.citations == () and documents.citations(turn.conversation_id) == {}


@pytest.mark.model
def test_the_starter_answers_from_a_document_in_chat_and_cites_it(store, llama_engine, embedding_model_path,
                                                                   tmp_path) -> None:
    library = DocumentLibrary(store)
    try:
        collection = library.collection("Real", str(embedding_model_path))
        folder = tmp_path / "club"
        folder.mkdir()
        (folder / "codes.md").write_text("# Codes\n\nThe secret code word of the club is BLUEBERRY.\n", encoding="utf-8")
        (folder / "garden.md").write_text(GARDEN, encoding="utf-8")
        library.start()
        library.add([folder], collection)
        assert wait_until_indexed(library.worker, library.docs, timeout=120)
        documents = ChatDocuments(lambda: library.retriever)
        service = ChatService(store, documents)
        turn = service.start_turn(None, "What is the secret code word of the club?", "starter")
        documents.choose(turn.conversation_id, [collection.id])

        result = service.run_turn(turn, llama_engine, GenerationParams(max_tokens=40, temperature=0.0, seed=0),
                                  lambda piece: None)

        assert "BLUEBERRY" in result.message.content
        assert [(c.number, Path(c.path).name) for c in result.citations] == [(1, "codes.md")]
        assert documents.citations(turn.conversation_id) == {result.message.id: list(result.citations)}
    finally:
        library.close()
