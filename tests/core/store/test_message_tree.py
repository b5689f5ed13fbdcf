"""The store keeps messages as a tree: nothing is overwritten, and a deleted message takes its subtree only."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.store import Store, StoreError


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_each_message_follows_the_current_leaf_and_becomes_it(store: Store) -> None:
    conversation = store.create_conversation()
    first = store.add_message(conversation.id, "user", "one")
    second = store.add_message(conversation.id, "assistant", "two")

    assert (first.parent_id, second.parent_id) == (None, first.id)
    assert store.get_conversation(conversation.id).current_leaf_id == second.id


def test_an_exchange_under_an_earlier_message_is_a_sibling_branch(store: Store) -> None:
    conversation, question, answer = store.add_exchange(None, "first question", title="t")
    store.finish_message(answer.id, "first answer", "complete")

    _, edited, new_answer = store.add_exchange(conversation.id, "edited question", title="t", parent_id=None)

    assert edited.parent_id is None and new_answer.parent_id == edited.id
    assert [m.content for m in store.messages(conversation.id)] == ["first question", "first answer", "edited question", ""]
    assert store.get_conversation(conversation.id).current_leaf_id == new_answer.id


def test_a_new_answer_to_a_question_sits_beside_the_old_one(store: Store) -> None:
    conversation, question, answer = store.add_exchange(None, "q", title="t")
    store.finish_message(answer.id, "old answer", "complete")

    again = store.add_answer(question.id, model="m")

    assert again.parent_id == question.id and again.status == "streaming"
    assert store.message(answer.id).content == "old answer"
    assert store.get_conversation(conversation.id).current_leaf_id == again.id


def build_tree(store: Store) -> dict[str, int]:
    """q1 -> a1 -> q2 -> a2, and a second answer a1b to q1 with its own follow-up q3."""
    conversation = store.create_conversation("tree")
    ids: dict[str, int] = {"conversation": conversation.id}
    ids["q1"] = store.add_message(conversation.id, "user", "q1").id
    ids["a1"] = store.add_message(conversation.id, "assistant", "a1").id
    ids["q2"] = store.add_message(conversation.id, "user", "q2").id
    ids["a2"] = store.add_message(conversation.id, "assistant", "a2").id
    ids["a1b"] = store.add_message(conversation.id, "assistant", "a1b", parent_id=ids["q1"]).id
    ids["q3"] = store.add_message(conversation.id, "user", "q3").id
    return ids


def test_deleting_a_message_removes_its_subtree_and_nothing_else(store: Store) -> None:
    ids = build_tree(store)

    deleted = store.delete_subtree(ids["a1"])

    assert [m.content for m in deleted.messages] == ["a1", "q2", "a2"]
    assert [m.content for m in store.messages(ids["conversation"])] == ["q1", "a1b", "q3"]
    assert store.get_conversation(ids["conversation"]).current_leaf_id == ids["q3"]  # it was not on the deleted branch


def test_deleting_the_end_of_the_branch_on_screen_keeps_the_rest_of_it_on_screen(store: Store) -> None:
    ids = build_tree(store)
    store.set_current_leaf(ids["conversation"], ids["a2"])

    store.delete_subtree(ids["q2"])

    assert store.get_conversation(ids["conversation"]).current_leaf_id == ids["a1"]


def test_deleting_a_first_message_shows_the_newest_branch_left(store: Store) -> None:
    ids = build_tree(store)
    other_first = store.add_message(ids["conversation"], "user", "another start", parent_id=None)
    store.set_current_leaf(ids["conversation"], ids["a2"])

    store.delete_subtree(ids["q1"])

    assert store.get_conversation(ids["conversation"]).current_leaf_id == other_first.id


def test_restoring_a_deletion_brings_back_the_same_messages_and_branch(store: Store) -> None:
    ids = build_tree(store)
    store.set_current_leaf(ids["conversation"], ids["a2"])
    before = store.messages(ids["conversation"])

    deleted = store.delete_subtree(ids["a1"])
    store.restore_messages(deleted)

    assert store.messages(ids["conversation"]) == before
    assert store.get_conversation(ids["conversation"]).current_leaf_id == ids["a2"]
    assert [m.content for _, m in store.search_messages("a2")] == ["a2"]  # back in the search index too


def test_an_answer_being_written_cannot_be_deleted(store: Store) -> None:
    conversation, question, answer = store.add_exchange(None, "q", title="t")

    with pytest.raises(StoreError, match="Stop the answer"):
        store.delete_subtree(question.id)

    assert len(store.messages(conversation.id)) == 2


def test_deleting_a_conversation_with_a_very_long_branch_deletes_it_whole(store: Store) -> None:
    conversation = store.create_conversation("long")
    for i in range(1500):
        store.add_message(conversation.id, "user" if i % 2 == 0 else "assistant", f"message {i}")

    store.delete_conversation(conversation.id)

    assert store.messages(conversation.id) == []
    assert store.search_messages("message") == []


def test_a_finished_answer_reopened_for_continuing_is_streaming_again(store: Store) -> None:
    conversation, question, answer = store.add_exchange(None, "q", title="t")
    store.finish_message(answer.id, "half", "length")

    reopened = store.reopen_answer(answer.id)

    assert (reopened.status, reopened.content) == ("streaming", "half")
    with pytest.raises(StoreError):
        store.reopen_answer(question.id)
