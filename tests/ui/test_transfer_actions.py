"""File › Export and Import in the window: a round trip through the menu actions, and a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.store import NewConversation, NewMessage


def add_branched_chat(store) -> int:
    """A question with two answers (the second on screen), then a follow-up."""
    messages = (
        NewMessage(key="q", parent_key=None, role="user", content="Name a prime number"),
        NewMessage(key="a1", parent_key="q", role="assistant", content="Seven.", model="fake-1"),
        NewMessage(key="a2", parent_key="q", role="assistant", content="Eleven.", model="fake-2"),
        NewMessage(key="q2", parent_key="a2", role="user", content="And an even one?"),
        NewMessage(key="a3", parent_key="q2", role="assistant", content="Two."),
    )
    [record] = store.insert_conversations([NewConversation(title="Primes", messages=messages)])
    return record.id


def choose_file(monkeypatch, path: Path, chosen_filter: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), chosen_filter))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), chosen_filter))


def shape(store, conversation_id: int) -> list[tuple[str, str, str | None]]:
    return sorted((m.role, m.content, m.model) for m in store.messages(conversation_id))


def test_export_then_import_brings_back_every_branch(qtbot, open_window, monkeypatch, tmp_path: Path) -> None:
    window = open_window()
    original = add_branched_chat(window.store)
    window.chat_page.refresh_list()
    window.chat_page.show_conversation(original)
    export = tmp_path / "primes.json"
    choose_file(monkeypatch, export)

    with qtbot.waitSignal(window.transfer.exported, timeout=10_000):
        window.transfer.export_action.trigger()
    assert json.loads(export.read_text(encoding="utf-8"))["conversations"][0]["title"] == "Primes"

    with qtbot.waitSignal(window.transfer.imported, timeout=10_000) as imported:
        window.transfer.import_action.trigger()

    [copy] = imported.args[0].conversation_ids
    assert copy != original
    assert shape(window.store, copy) == shape(window.store, original)
    model = window.chat_page.sidebar.model
    assert sorted(model.index(row).data() for row in range(model.rowCount()) if model.index(row).data() == "Primes") \
        == ["Primes", "Primes"]
    assert model.row_of(copy) is not None  # the list shows the imported chat at once


def test_export_to_markdown_writes_the_branch_on_screen(qtbot, open_window, monkeypatch, tmp_path: Path) -> None:
    window = open_window()
    conversation = add_branched_chat(window.store)
    window.chat_page.refresh_list()
    window.chat_page.show_conversation(conversation)
    target = tmp_path / "primes.md"
    choose_file(monkeypatch, target)

    with qtbot.waitSignal(window.transfer.exported, timeout=10_000):
        window.transfer.export_action.trigger()

    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Primes")
    assert "Eleven." in text and "Seven." not in text


def test_a_bad_import_file_says_what_is_wrong_and_stores_nothing(qtbot, open_window, monkeypatch,
                                                                 tmp_path: Path) -> None:
    window = open_window()
    bad = tmp_path / "conversations.json"
    bad.write_text('[{"title": "Cut off", "mapping": {"a": {"message": ', encoding="utf-8")
    choose_file(monkeypatch, bad)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *args: shown.append(text))

    with qtbot.waitSignal(window.transfer.failed, timeout=10_000):
        window.transfer.import_action.trigger()

    assert len(shown) == 1
    assert "conversations.json" in shown[0] and "cut off" in shown[0]
    assert window.store.list_conversations(kind=None) == []
    assert window.chat_page.sidebar.model.rowCount() == 0


def test_export_conversation_without_one_open_asks_to_open_one(qtbot, open_window, monkeypatch) -> None:
    window = open_window()
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: asked.append("dialog") or ("", ""))

    window.transfer.export_action.trigger()

    assert asked == []
    assert window.chat_page.banner.isVisible()
