"""Importing ChatGPT's conversations.json: its branches kept, tool calls and hidden nodes left out."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.store import Store
from desktop_app.core.transfer import ImportFileError, import_file

FIXTURE = Path(__file__).with_name("chatgpt_conversations.json")  # shaped like a real export (2024)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def by_title(store: Store) -> dict[str, int]:
    return {c.title: c.id for c in store.list_conversations()}


def test_a_chatgpt_export_is_imported_with_its_branches_and_the_branch_the_user_saw(store: Store) -> None:
    result = import_file(store, FIXTURE)

    assert (result.format, len(result.conversation_ids), result.messages) == ("chatgpt", 2, 11)
    chat = ChatService(store)
    kyoto = by_title(store)["Kyoto day trip"]
    branch = chat.branch(kyoto)
    assert [p.record.content[:30] for p in branch] == [
        "Plan a day in Kyoto for me. I ",
        "Here is a relaxed plan:\n\n1. Ph",
        "[image]\n\nIs this place good fo",
        "That looks like Nishiki Market",
    ]
    assert [(p.position, p.siblings) for p in branch] == [(1, 1), (2, 2), (2, 2), (1, 1)]
    assert branch[1].record.model == "gpt-4o" and branch[0].record.model is None
    assert branch[0].record.created_at == datetime.fromtimestamp(1731400010.0, tz=timezone.utc)


def test_tool_calls_thoughts_and_hidden_messages_are_left_out_and_their_neighbours_joined(store: Store) -> None:
    import_file(store, FIXTURE)
    chat = ChatService(store)
    titles = by_title(store)

    everything = " ".join(m.content for m in store.messages(titles["Kyoto day trip"]))
    lunch = chat.switch_branch(chat.branch(titles["Kyoto day trip"])[2].id, -1)
    recursion = chat.branch(titles["递归的解释"])

    assert "search(" not in everything and "tether" not in everything
    assert [p.record.content[:14] for p in lunch] == [
        "Plan a day in ", "Here is a rela", "Can you add lu", "For lunch near"]
    assert [(p.record.role, p.record.model) for p in recursion] == [("user", None), ("assistant", "o3")]
    assert "已思考" not in recursion[1].record.content
    assert [m.content for _, m in store.search_messages("递归")][0].startswith("**递归**")


def chatgpt_file(tmp_path: Path, conversations: object) -> Path:
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(conversations), encoding="utf-8")
    return path


def test_a_node_whose_parent_is_missing_is_refused_naming_the_conversation_and_node(store, tmp_path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data[1]["mapping"]["a-21"]["parent"] = "gone-node"

    with pytest.raises(ImportFileError, match="递归的解释.*'a-21'.*'gone-node'"):
        import_file(store, chatgpt_file(tmp_path, data))

    assert store.list_conversations() == []  # the first, sound conversation was not stored either


def test_a_loop_of_parents_is_refused(store, tmp_path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mapping = data[0]["mapping"]
    mapping["u-1"]["parent"] = "a-2"

    with pytest.raises(ImportFileError, match="loop"):
        import_file(store, chatgpt_file(tmp_path, data))
