"""Editing, regenerating and continuing keep everything written; the model reads the branch on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.engine import GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.errors import InkstoneError
from desktop_app.core.store import PresetRepository, Store


@pytest.fixture
def store(data_dir: Path):
    with Store() as store:
        yield store


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    engine = FakeEngine()
    engine.load(starter_model_path)
    return engine


def answer(chat: ChatService, engine: FakeEngine, turn, *pieces: str, **params):
    engine.enqueue(list(pieces))
    return chat.run_turn(turn, engine, GenerationParams(**params), lambda piece: None)


def contents(chat: ChatService, conversation_id: int) -> list[str]:
    return [p.record.content for p in chat.branch(conversation_id)]


def test_editing_a_question_keeps_the_old_one_and_its_answer_as_a_sibling_branch(store, engine) -> None:
    chat = ChatService(store)
    first = chat.start_turn(None, "Capital of France?", "m")
    answer(chat, engine, first, "Paris.")
    follow = chat.start_turn(first.conversation_id, "And Germany?", "m")
    answer(chat, engine, follow, "Berlin.")

    edited = chat.start_edit(follow.user_message.id, "And Italy?", "m")
    answer(chat, engine, edited, "Rome.")

    assert contents(chat, first.conversation_id) == ["Capital of France?", "Paris.", "And Italy?", "Rome."]
    assert {m.content for m in store.messages(first.conversation_id)} >= {"And Germany?", "Berlin."}
    placed = chat.branch(first.conversation_id)[2]
    assert (placed.position, placed.siblings) == (2, 2)


def test_regenerating_keeps_every_answer_and_the_prompt_is_the_same_path(store, engine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Tell me a joke", "m")
    answer(chat, engine, turn, "First joke.")

    again = chat.start_regenerate(turn.assistant_message.id, "m")
    answer(chat, engine, again, "Second joke.")
    third = chat.start_regenerate(again.assistant_message.id, "m")
    answer(chat, engine, third, "Third joke.")

    answers = [m for m in store.messages(turn.conversation_id) if m.role == "assistant"]
    assert [m.content for m in answers] == ["First joke.", "Second joke.", "Third joke."]
    assert {m.parent_id for m in answers} == {turn.user_message.id}
    assert engine.prompts[0] == engine.prompts[1] == engine.prompts[2]  # the same question, read the same way
    assert contents(chat, turn.conversation_id) == ["Tell me a joke", "Third joke."]


def test_the_prompt_is_the_path_to_the_leaf_and_not_the_other_branches(store, engine) -> None:
    chat = ChatService(store)
    first = chat.start_turn(None, "Question one", "m")
    answer(chat, engine, first, "Answer one.")
    second = chat.start_turn(first.conversation_id, "Question about apples", "m")
    answer(chat, engine, second, "Apples are red.")
    chat.switch_branch(second.user_message.id, 0)
    edited = chat.start_edit(second.user_message.id, "Question about pears", "m")

    answer(chat, engine, edited, "Pears are green.")

    prompt = engine.prompts[-1]
    assert "Question one" in prompt and "Question about pears" in prompt
    assert "apples" not in prompt.lower()


def test_switching_branches_shows_each_version_with_what_followed_it(store, engine) -> None:
    chat = ChatService(store)
    first = chat.start_turn(None, "Q", "m")
    answer(chat, engine, first, "A1")
    follow = chat.start_turn(first.conversation_id, "follow-up on A1", "m")
    answer(chat, engine, follow, "more on A1")
    again = chat.start_regenerate(first.assistant_message.id, "m")
    answer(chat, engine, again, "A2")

    assert contents(chat, first.conversation_id) == ["Q", "A2"]
    back = chat.switch_branch(again.assistant_message.id, -1)

    assert [p.record.content for p in back] == ["Q", "A1", "follow-up on A1", "more on A1"]
    assert contents(chat, first.conversation_id) == ["Q", "A1", "follow-up on A1", "more on A1"]  # remembered


def test_continuing_an_answer_cut_at_the_length_limit_makes_the_same_answer_grow(store, engine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Count to six", "m")
    first = answer(chat, engine, turn, "one", " two", " three", " four", max_tokens=3)
    assert (first.message.status, first.message.content) == ("length", "one two three")

    more = chat.start_continue(turn.assistant_message.id)
    result = answer(chat, engine, more, " four", " five", " six")

    assert result.message.id == turn.assistant_message.id
    assert (result.message.status, result.message.content) == ("complete", "one two three four five six")
    assert result.message.generated_tokens == 6
    assert engine.prompts[-1] == engine.prompts[0] + " one two three"  # the old prompt, then the answer so far
    assert len(store.messages(turn.conversation_id)) == 2


def test_only_an_answer_that_stopped_early_can_be_continued(store, engine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Hi", "m")
    answer(chat, engine, turn, "Hello.")

    with pytest.raises(InkstoneError):
        chat.start_continue(turn.assistant_message.id)
    with pytest.raises(InkstoneError):
        chat.start_continue(turn.user_message.id)


def test_a_failed_continue_keeps_the_answer_it_started_from(store, engine) -> None:
    chat = ChatService(store)
    turn = chat.start_turn(None, "Go", "m")
    answer(chat, engine, turn, "a", " b", " c", max_tokens=2)
    more = chat.start_continue(turn.assistant_message.id)
    engine.fail_with = "out of memory"

    with pytest.raises(InkstoneError):
        chat.run_turn(more, engine, GenerationParams(), lambda piece: None)

    stored = store.message(turn.assistant_message.id)
    assert (stored.content, stored.status) == ("a b", "length")


def test_deleting_a_message_removes_what_followed_and_undo_puts_it_back(store, engine) -> None:
    chat = ChatService(store)
    first = chat.start_turn(None, "Q1", "m")
    answer(chat, engine, first, "A1")
    second = chat.start_turn(first.conversation_id, "Q2", "m")
    answer(chat, engine, second, "A2")

    deleted = chat.delete_message(second.user_message.id)
    assert contents(chat, first.conversation_id) == ["Q1", "A1"]
    chat.restore(deleted)

    assert contents(chat, first.conversation_id) == ["Q1", "A1", "Q2", "A2"]


def test_a_fork_copies_the_branch_up_to_a_message_into_a_new_chat(store, engine) -> None:
    chat = ChatService(store)
    first = chat.start_turn(None, "Q1", "m")
    answer(chat, engine, first, "A1")
    second = chat.start_turn(first.conversation_id, "Q2", "m")
    answer(chat, engine, second, "A2")

    fork = chat.fork(first.assistant_message.id, "Forked")

    assert fork.id != first.conversation_id and fork.title == "Forked"
    assert contents(chat, fork.id) == ["Q1", "A1"]
    assert contents(chat, first.conversation_id) == ["Q1", "A1", "Q2", "A2"]


def test_a_conversation_s_preset_and_sampling_overrides_reach_the_model(store, engine) -> None:
    chat = ChatService(store)
    coder = PresetRepository(store).find("Coder")
    turn = chat.start_turn(None, "Sort a list", "m")
    store.set_conversation_settings(turn.conversation_id, preset_id=coder.id, temperature=0.1, max_tokens=77)

    engine.enqueue(["sorted()"])
    chat.run_turn(turn, engine, GenerationParams(temperature=0.9), lambda piece: None, system_prompt="Default prompt")

    assert coder.system_prompt in engine.prompts[-1] and "Default prompt" not in engine.prompts[-1]
    assert (engine.params[-1].temperature, engine.params[-1].max_tokens) == (0.1, 77)


@pytest.mark.model
def test_on_the_real_model_an_answer_cut_short_continues_and_a_regenerated_one_sits_beside_it(
        store, llama_engine) -> None:
    chat = ChatService(store)
    greedy = GenerationParams(max_tokens=6, temperature=0.0, seed=1)
    turn = chat.start_turn(None, "Write three sentences about the sea.", "starter")
    cut = chat.run_turn(turn, llama_engine, greedy, lambda piece: None)
    assert cut.message.status == "length" and cut.message.content

    grown = chat.run_turn(chat.start_continue(cut.message.id), llama_engine, greedy, lambda piece: None)

    assert grown.message.id == cut.message.id
    assert grown.message.content.startswith(cut.message.content)
    assert len(grown.message.content) > len(cut.message.content)
    assert grown.message.generated_tokens == cut.message.generated_tokens + grown.stats.generated_tokens

    again = chat.run_turn(chat.start_regenerate(cut.message.id, "starter"), llama_engine,
                          GenerationParams(max_tokens=6, temperature=1.0, seed=7), lambda piece: None)

    assert again.message.id != cut.message.id and again.message.content
    versions = chat.tree(turn.conversation_id).siblings(cut.message.id)
    assert versions == [cut.message.id, again.message.id]
    assert store.message(cut.message.id).content == grown.message.content  # the first answer is kept whole
    assert [p.record.id for p in chat.branch(turn.conversation_id)] == [turn.user_message.id, again.message.id]
