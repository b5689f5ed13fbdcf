"""`inkstone history --search`, `inkstone export` and `inkstone import`, headless, on a real database."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.cli import main
from desktop_app.core.store import Store

CHATGPT_EXPORT = Path(__file__).resolve().parents[1] / "core" / "transfer" / "chatgpt_conversations.json"


def make_history() -> int:
    with Store() as store:
        conversation, question, answer = store.add_exchange(None, "什么是递归？", title="递归")
        store.finish_message(answer.id, "递归就是函数调用它自己。", "complete")
        second = store.add_answer(question.id)
        store.finish_message(second.id, "A function that calls itself.", "complete")
        translation = store.create_conversation("Otters", kind="translation")
        store.add_message(translation.id, "user", "[en → fr]\nOtters hold hands")
        store.add_message(translation.id, "assistant", "Les loutres se tiennent la main")
        return conversation.id


def test_history_search_prints_each_match_with_its_conversation_and_the_match_marked(capsys) -> None:
    conversation_id = make_history()

    assert main(["history", "--search", "递归"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert main(["history", "--search", "loutres", "--kind", "translation"]) == 0
    translated = capsys.readouterr().out.splitlines()

    assert len(lines) == 2 and all(line.startswith(f"{conversation_id}\t") for line in lines)
    assert lines[0].endswith("[递归]就是函数调用它自己。") and lines[1].endswith("什么是[递归]？")
    assert len(translated) == 1 and "\ttranslation\tOtters\t" in translated[0]


def test_history_search_with_no_match_exits_1_like_grep(capsys) -> None:
    make_history()

    assert main(["history", "--search", "zebra"]) == 1
    assert capsys.readouterr().out == ""


def test_export_then_import_into_an_empty_history_gives_the_same_history(tmp_path: Path, capsys, monkeypatch) -> None:
    make_history()
    out = tmp_path / "history.json"
    assert main(["export", "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))

    monkeypatch.setenv("INKSTONE_DATA_DIR", str(tmp_path / "elsewhere"))
    assert main(["import", str(out)]) == 0
    printed = capsys.readouterr().out
    with Store() as store:
        conversations = store.list_conversations(kind=None)
        messages = sum(len(store.messages(c.id)) for c in conversations)

    assert exported["format"] == "inkstone.conversations" and len(exported["conversations"]) == 2
    assert "imported 2 conversations (5 messages)" in printed
    assert (len(conversations), messages) == (2, 5)


def test_export_markdown_to_standard_output(capsys) -> None:
    conversation_id = make_history()

    assert main(["export", str(conversation_id)]) == 0

    out = capsys.readouterr().out
    assert out.startswith("# 递归\n") and "## Assistant\n\nA function that calls itself." in out


def test_importing_a_chatgpt_export_reports_what_was_imported(capsys) -> None:
    assert main(["import", str(CHATGPT_EXPORT)]) == 0

    assert "imported 2 conversations (11 messages) from the ChatGPT export" in capsys.readouterr().out


def test_a_broken_import_file_fails_with_one_line_and_imports_nothing(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "conversations.json"
    broken.write_text(CHATGPT_EXPORT.read_text(encoding="utf-8")[:5000], encoding="utf-8")

    assert main(["import", str(broken)]) == 1

    err = capsys.readouterr().err
    assert err.startswith("inkstone: error: conversations.json ends too early") and err.count("\n") == 1
    with Store() as store:
        assert store.list_conversations(kind=None) == []
