"""Inkstone's JSON export: everything comes back (branches, models, settings, timestamps), and a bad
file is refused whole with a message that names what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.store import NewConversation, NewMessage, PresetRepository, Store, StoreError
from desktop_app.core.transfer import ImportFileError, export_json, export_markdown, import_file


def fill(store: Store) -> None:
    """A chat with an edited question, two answers and a stopped one; a pinned one with a preset; a translation."""
    chat = ChatService(store)
    conversation, question, answer = store.add_exchange(None, "Capital of France?", title="Capitals", model="m1")
    store.finish_message(answer.id, "Paris.", "complete", prompt_tokens=12, generated_tokens=3,
                         time_to_first_token=0.25, tokens_per_second=41.5)
    again = store.add_answer(question.id, model="m2")
    store.finish_message(again.id, "It is Paris", "stopped")
    _, _, spain = store.add_exchange(conversation.id, "Capital of Spain?", title="x", model="m1", parent_id=None)
    store.finish_message(spain.id, "Madrid.", "complete")
    chat.switch_branch(question.id, 0)
    coder = PresetRepository(store).find("Coder")
    other = store.create_conversation("Sorting", model="m1")
    store.add_message(other.id, "user", "Sort in Python?")
    store.add_message(other.id, "assistant", "```python\nsorted(items)\n```", model="m1")
    store.set_conversation_settings(other.id, preset_id=coder.id, temperature=0.2, max_tokens=300)
    store.set_pinned(other.id, True)
    translation = store.create_conversation("Bonjour", kind="translation")
    store.add_message(translation.id, "user", "[fr → en]\nBonjour")
    store.add_message(translation.id, "assistant", "Hello")


def normalized(exported: str) -> list[dict]:
    """The export without the ids the database gave (they only link messages within the file)."""
    data = json.loads(exported)
    out = []
    for conversation in data["conversations"]:
        index = {m["id"]: i for i, m in enumerate(conversation["messages"])}
        conversation = dict(conversation, id=None, current_message=index.get(conversation["current_message"]))
        conversation["messages"] = [dict(m, id=index[m["id"]], parent=index.get(m["parent"]))
                                    for m in conversation["messages"]]
        out.append(conversation)
    return out


def test_an_inkstone_export_imports_back_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    with Store(tmp_path / "first.sqlite3") as first:
        fill(first)
        original = export_json(first)
    path.write_text(original, encoding="utf-8")

    with Store(tmp_path / "second.sqlite3") as second:
        result = import_file(second, path)
        again = export_json(second)
        branch = [p.record.content for p in ChatService(second).branch(result.conversation_ids[0])]

    assert (result.format, len(result.conversation_ids), result.messages) == ("inkstone", 3, 9)
    assert normalized(again) == normalized(original)
    assert branch == ["Capital of France?", "It is Paris"]  # the branch that was on screen


def test_markdown_export_shows_the_branch_on_screen_and_says_what_else_there_is(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        fill(store)
        capitals = next(c.id for c in store.list_conversations() if c.title == "Capitals")
        text = export_markdown(store, [capitals])

    assert text.startswith("# Capitals\n")
    assert "## You\n\nCapital of France?" in text
    assert "## Assistant · m2 (stopped)\n\nIt is Paris" in text
    assert "Paris." not in text.replace("It is Paris", "") and "Spain" not in text
    assert "3 more messages are on other branches" in text


def export_file(tmp_path: Path, mutate) -> Path:
    with Store(tmp_path / "source.sqlite3") as store:
        fill(store)
        data = json.loads(export_json(store))
    mutate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def set_(data: dict, conversation: int, message: int, key: str, value) -> None:
    data["conversations"][conversation]["messages"][message][key] = value


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: set_(d, 1, 1, "role", "robot"), r"“Sorting”, message 2 \(id \d+\) has the role 'robot'"),
        (lambda d: set_(d, 1, 0, "content", None), r"“Sorting”, message 1 .* has no text"),
        (lambda d: set_(d, 2, 1, "parent", 999999), r"“Bonjour”: message \d+ follows message 999999, which is not in it"),
        (lambda d: set_(d, 0, 0, "created_at", "yesterday"), r"“created_at” is not a date and time"),
        (lambda d: d.update(version=99), r"newer Inkstone \(format version 99\)"),
        (lambda d: d.pop("conversations"), r"“conversations” is missing"),
        (lambda d: d["conversations"][2].update(kind="poem"), r"“Bonjour” has the kind 'poem'"),
    ],
    ids=["role", "content", "parent", "time", "version", "list", "kind"],
)
def test_a_bad_export_is_refused_naming_what_is_wrong_and_nothing_is_imported(tmp_path: Path, mutate, message) -> None:
    path = export_file(tmp_path, mutate)

    with Store(tmp_path / "target.sqlite3") as store:
        with pytest.raises(ImportFileError, match=message):
            import_file(store, path)
        assert store.list_conversations(kind=None) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "inkstone.conversations", "version": 1, "conversations": [{"title": "cut', r"ends too early"),
        (b"{not json at all}", r"not valid JSON: .* line 1, column 2"),
        (b'{"hello": "world"}', r"neither an Inkstone export nor ChatGPT"),
        (b"\xff\xfe\x00garbage", r"not a text file in UTF-8"),
    ],
    ids=["truncated", "not-json", "other-json", "binary"],
)
def test_a_file_that_is_not_an_export_is_refused_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "import.json"
    path.write_bytes(content)

    with Store(tmp_path / "target.sqlite3") as store:
        with pytest.raises(ImportFileError, match=message) as refused:
            import_file(store, path)
        assert "import.json" in str(refused.value)
        assert store.list_conversations(kind=None) == []


def test_conversations_are_stored_in_one_transaction_all_or_none(tmp_path: Path) -> None:
    good = NewConversation("good", (NewMessage(1, None, "user", "hello"),))
    bad = NewConversation("bad", (NewMessage(2, 1, "user", "follows a message that is not there"),))

    with Store(tmp_path / "store.sqlite3") as store:
        with pytest.raises(StoreError):
            store.insert_conversations([good, bad])
        assert store.list_conversations(kind=None) == []
        assert store.search_messages("hello") == []
