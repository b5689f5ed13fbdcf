"""The Store's behaviour on a real SQLite file."""

from __future__ import annotations

import os
import sqlite3
from datetime import timezone
from pathlib import Path

import pytest

from desktop_app.core.errors import InkstoneError
from desktop_app.core.paths import database_path
from desktop_app.core.processes import ProcessIdentity
from desktop_app.core.store import ConversationRecord, Store, StoreError


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_default_path_is_in_the_data_dir(data_dir: Path) -> None:
    with Store() as store:
        store.create_conversation()
    assert store.path == database_path()
    assert database_path().parent == data_dir
    assert database_path().is_file()


def test_conversation_round_trip(store: Store) -> None:
    created = store.create_conversation("Trip plans", kind="draft", model="gemma-3-270m")

    loaded = store.get_conversation(created.id)

    assert loaded == created
    assert (loaded.title, loaded.kind, loaded.model) == ("Trip plans", "draft", "gemma-3-270m")
    assert loaded.created_at.tzinfo == timezone.utc


def test_conversation_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as first:
        created = first.create_conversation("Kept")
        message = first.add_message(created.id, "user", "Still here?")

    with Store(path) as second:
        assert second.get_conversation(created.id).title == "Kept"
        assert second.messages(created.id) == [message]


def test_missing_conversation_is_none(store: Store) -> None:
    assert store.get_conversation(12345) is None


def test_message_round_trip_keeps_every_field(store: Store) -> None:
    conversation = store.create_conversation()
    streaming = store.add_message(conversation.id, "assistant", "", model="m", status="streaming")

    finished = store.finish_message(
        streaming.id,
        "Paris",
        "complete",
        prompt_tokens=12,
        generated_tokens=3,
        time_to_first_token=0.25,
        tokens_per_second=35.5,
    )

    assert store.messages(conversation.id) == [finished]
    assert finished.content == "Paris"
    assert finished.status == "complete"
    assert finished.model == "m"
    assert (finished.prompt_tokens, finished.generated_tokens) == (12, 3)
    assert (finished.time_to_first_token, finished.tokens_per_second) == (0.25, 35.5)
    assert finished.created_at == streaming.created_at
    assert finished.updated_at > streaming.updated_at


def test_messages_come_back_in_the_order_added(store: Store) -> None:
    conversation = store.create_conversation()
    texts = ["first", "second", "third", "fourth"]
    for index, text in enumerate(texts):
        store.add_message(conversation.id, "user" if index % 2 == 0 else "assistant", text)

    assert [message.content for message in store.messages(conversation.id)] == texts


def test_update_message_content_saves_partial_text(store: Store) -> None:
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", "", status="streaming")

    store.update_message_content(message.id, "The capital")
    store.update_message_content(message.id, "The capital of France")

    [saved] = store.messages(conversation.id)
    assert saved.content == "The capital of France"
    assert saved.status == "streaming"


def test_update_of_a_deleted_message_is_ignored(store: Store) -> None:
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", "", status="streaming")
    store.delete_conversation(conversation.id)

    store.update_message_content(message.id, "too late")

    assert store.search_messages("too late") == []


def test_finishing_a_deleted_message_raises_store_error(store: Store) -> None:
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", "", status="streaming")
    store.delete_conversation(conversation.id)

    with pytest.raises(StoreError):
        store.finish_message(message.id, "done", "complete")


def test_adding_to_a_missing_conversation_raises_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no longer exists"):
        store.add_message(999, "user", "hello")


def test_delete_removes_its_messages(store: Store) -> None:
    doomed = store.create_conversation("Doomed")
    kept = store.create_conversation("Kept")
    store.add_message(doomed.id, "user", "bye")
    store.add_message(kept.id, "user", "stay")

    store.delete_conversation(doomed.id)

    assert store.get_conversation(doomed.id) is None
    assert store.messages(doomed.id) == []
    assert [message.content for message in store.messages(kept.id)] == ["stay"]
    assert [hit.content for _, hit in store.search_messages("bye")] == []


def test_ids_of_deleted_conversations_are_not_reused(store: Store) -> None:
    old = store.create_conversation()
    store.delete_conversation(old.id)

    assert store.create_conversation().id != old.id


def test_rename_changes_only_the_title(store: Store) -> None:
    conversation = store.create_conversation("Old title", model="m")

    store.rename_conversation(conversation.id, "New title")

    renamed = store.get_conversation(conversation.id)
    assert renamed.title == "New title"
    assert (renamed.kind, renamed.model, renamed.created_at) == ("chat", "m", conversation.created_at)


def test_list_puts_most_recent_activity_first(store: Store) -> None:
    older = store.create_conversation("older")
    newer = store.create_conversation("newer")
    assert [c.title for c in store.list_conversations()] == ["newer", "older"]

    store.add_message(older.id, "user", "bump")
    assert [c.title for c in store.list_conversations()] == ["older", "newer"]

    reply = store.add_message(newer.id, "assistant", "", status="streaming")
    store.add_message(older.id, "user", "bump again")
    store.finish_message(reply.id, "answer", "complete")
    assert [c.title for c in store.list_conversations()] == ["newer", "older"]


def test_list_filters_by_kind(store: Store) -> None:
    store.create_conversation("a chat")
    store.create_conversation("a translation", kind="translation")

    assert [c.title for c in store.list_conversations()] == ["a chat"]
    assert [c.title for c in store.list_conversations("translation")] == ["a translation"]
    assert {c.title for c in store.list_conversations(kind=None)} == {"a chat", "a translation"}


def all_pages(store: Store, size: int, kind: str | None = "chat") -> list[list[ConversationRecord]]:
    pages: list[list[ConversationRecord]] = []
    after = None
    while True:
        page = store.list_conversations(kind, limit=size, after=after)
        if not page:
            return pages
        pages.append(page)
        after = page[-1].cursor


@pytest.mark.parametrize("size", [1, 2, 3, 5, 50])
def test_pages_list_every_conversation_once_in_order_even_when_activity_ties(store: Store, size: int) -> None:
    conversations = [store.create_conversation(f"chat {i}") for i in range(12)]
    store.create_conversation("a draft", kind="draft")
    tied = "2025-03-01 12:00:00.000000"
    raw = sqlite3.connect(store.path)  # the clock never repeats; an older Inkstone's could
    raw.execute(
        f"UPDATE conversations SET updated_at = ? WHERE id IN ({','.join('?' * 6)})",
        [tied, *(c.id for c in conversations[2:8])],
    )
    raw.commit()
    raw.close()
    expected = sorted(store.list_conversations(), key=lambda c: c.cursor, reverse=True)

    pages = all_pages(store, size)

    listed = [c for page in pages for c in page]
    assert listed == expected
    assert len({c.id for c in listed}) == 12
    assert [c.id for c in expected if c.updated_at.year == 2025] == [c.id for c in conversations[7:1:-1]]
    assert all(len(page) == size for page in pages[:-1])


def test_a_conversation_active_between_pages_is_listed_once(store: Store) -> None:
    conversations = [store.create_conversation(f"chat {i}") for i in range(6)]
    first = store.list_conversations(limit=3)

    store.add_message(conversations[0].id, "user", "the oldest one comes back")
    store.add_message(first[1].id, "user", "so does one already listed")
    rest = store.list_conversations(limit=3, after=first[-1].cursor)

    assert [c.title for c in first] == ["chat 5", "chat 4", "chat 3"]
    assert [c.title for c in rest] == ["chat 2", "chat 1"]
    assert store.list_conversations(limit=2)[0].title == "chat 4"


def test_pages_of_one_kind_skip_the_others(store: Store) -> None:
    for i in range(4):
        store.create_conversation(f"chat {i}")
        store.create_conversation(f"draft {i}", kind="draft")

    pages = all_pages(store, 3, kind="draft")

    assert [[c.title for c in page] for page in pages] == [["draft 3", "draft 2", "draft 1"], ["draft 0"]]
    assert [c.title for page in all_pages(store, 5, kind=None) for c in page][:3] == ["draft 3", "chat 3", "draft 2"]


@pytest.mark.parametrize(
    "call",
    [
        lambda s, c: s.create_conversation(kind="poem"),
        lambda s, c: s.add_message(c, "robot", "hi"),
        lambda s, c: s.add_message(c, "user", "hi", status="done"),
    ],
    ids=["kind", "role", "status"],
)
def test_unknown_kind_role_or_status_is_refused(store: Store, call) -> None:
    conversation = store.create_conversation()

    with pytest.raises(ValueError):
        call(store, conversation.id)


def test_recover_interrupted_marks_streaming_answers_and_keeps_their_text(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    # Our own pid, but not our start time: the pid of a writer that is gone, now used by us.
    with Store(path, process=ProcessIdentity(os.getpid(), started=0.0)) as crashed:
        conversation = crashed.create_conversation()
        done = crashed.add_message(conversation.id, "assistant", "finished answer")
        cut = crashed.add_message(conversation.id, "assistant", "", status="streaming")
        crashed.update_message_content(cut.id, "half an ans")

    with Store(path) as store:
        assert store.recover_interrupted() == 1

        by_id = {message.id: message for message in store.messages(conversation.id)}
        assert (by_id[cut.id].status, by_id[cut.id].content) == ("interrupted", "half an ans")
        assert by_id[done.id].status == "complete"
        assert store.recover_interrupted() == 0


def test_recover_interrupted_leaves_an_answer_this_process_is_writing(store: Store) -> None:
    conversation = store.create_conversation()
    live = store.add_message(conversation.id, "assistant", "", status="streaming")

    assert store.recover_interrupted() == 0
    assert store.messages(conversation.id)[0].status == "streaming"
    store.finish_message(live.id, "done", "complete")


def test_search_ignores_case_beyond_ascii(store: Store) -> None:
    conversation = store.create_conversation("French")
    message = store.add_message(conversation.id, "user", "Je vais à l'ÉCOLE demain")

    hits = store.search_messages("école")

    assert hits == [(store.get_conversation(conversation.id), message)]


def test_search_finds_cjk_text(store: Store) -> None:
    conversation = store.create_conversation("中文")
    store.add_message(conversation.id, "user", "北京是中国的首都。")
    store.add_message(conversation.id, "assistant", "東京は日本の首都です。")

    assert [m.content for _, m in store.search_messages("中国的首都")] == ["北京是中国的首都。"]
    assert [m.content for _, m in store.search_messages("首都")] == ["東京は日本の首都です。", "北京是中国的首都。"]


def test_search_treats_wildcards_literally_and_respects_limit(store: Store) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "100% sure")
    store.add_message(conversation.id, "user", "1000 sure")
    for index in range(5):
        store.add_message(conversation.id, "user", f"repeat {index}")

    assert [m.content for _, m in store.search_messages("0%")] == ["100% sure"]
    assert [m.content for _, m in store.search_messages("_")] == []
    assert [m.content for _, m in store.search_messages("repeat", limit=2)] == ["repeat 4", "repeat 3"]
    assert store.search_messages("") == []


def test_text_file_in_place_of_the_database_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "inkstone.sqlite3"
    path.write_text("These are my notes, not a database.\n" * 200, encoding="utf-8")

    with pytest.raises(StoreError) as caught:
        Store(path)

    assert isinstance(caught.value, InkstoneError)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unusable_folder_gives_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")

    with pytest.raises(StoreError, match="folder"):
        Store(blocker / "inkstone.sqlite3")


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    conversation = store.create_conversation()
    store.close()

    with pytest.raises(StoreError, match="closed"):
        store.list_conversations()
    with pytest.raises(StoreError, match="closed"):
        store.update_message_content(conversation.id, "x")
