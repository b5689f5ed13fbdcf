"""Searching every message: English and CJK (1, 2 and 3+ characters), kept in step with every change,
and the same results without the search index (SQLite without FTS5's trigram tokenizer)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.search.grams import gram_token, search_grams
from desktop_app.core.search.query import fts_match
from desktop_app.core.store import Store, database, search_index

TEXTS = [
    ("user", "How do I lock a mutex in C?"),
    ("assistant", "Call pthread_mutex_lock before the critical section."),
    ("user", "请用简单的话解释一下什么是递归。"),
    ("assistant", "递归就是一个函数调用它自己。"),
    ("user", "日本の首都はどこですか？"),
    ("assistant", "東京です。"),
    ("user", "Is Go faster than Python for this?"),
    ("assistant", "Go is usually faster; it is compiled. 书 is a book."),
]


@pytest.fixture(params=["indexed", "scan"])
def store(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if request.param == "scan":
        monkeypatch.setattr(search_index, "supported", lambda: False)  # as on a SQLite without trigram
    with Store(tmp_path / "store.sqlite3") as opened:
        assert opened.has_search_index == (request.param == "indexed")
        conversation = opened.create_conversation("mixed")
        for role, text in TEXTS:
            opened.add_message(conversation.id, role, text)
        yield opened


def found(store: Store, query: str, **kwargs) -> list[str]:
    return [message.content for _, message in store.search_messages(query, **kwargs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mutex", [TEXTS[1][1], TEXTS[0][1]]),  # newest first
        ("MUTEX lock", [TEXTS[1][1], TEXTS[0][1]]),  # every word, any case
        ('"lock a mutex"', [TEXTS[0][1]]),  # a quoted phrase stays whole
        ("critical mutex_lock", [TEXTS[1][1]]),
        ("什么是递归", [TEXTS[2][1]]),  # 3+ CJK characters: trigrams
        ("递归", [TEXTS[3][1], TEXTS[2][1]]),  # 2 characters
        ("递", [TEXTS[3][1], TEXTS[2][1]]),  # 1 character
        ("书", [TEXTS[7][1]]),
        ("首都", [TEXTS[4][1]]),  # Japanese
        ("東京", [TEXTS[5][1]]),
        ("递归 函数", [TEXTS[3][1]]),
        ("Go", [TEXTS[7][1], TEXTS[6][1]]),  # a short word
        ("mutex 递归", []),
        ("zebra", []),
        ("猫", []),
    ],
)
def test_search_finds_messages_with_every_term_newest_first(store: Store, query: str, expected: list[str]) -> None:
    assert found(store, query) == expected


def test_a_message_is_found_by_its_new_text_after_an_edit_and_not_after_deletion(store: Store) -> None:
    conversation = store.create_conversation("edits")
    draft = store.add_message(conversation.id, "assistant", "first wording")

    store.finish_message(draft.id, "second wording 新版本", "complete")
    assert found(store, "first wording") == []
    assert found(store, "second wording") == ["second wording 新版本"]
    assert found(store, "新版") == ["second wording 新版本"]

    store.delete_subtree(draft.id)
    assert found(store, "second wording") == [] and found(store, "新版") == []


def test_an_answer_is_found_once_it_is_written_not_while_it_streams(store: Store) -> None:
    conversation, _question, answer = store.add_exchange(None, "tell me about otters", title="otters")
    store.update_message_content(answer.id, "Otters hold hands while they sleep")
    assert found(store, "hold hands") == []

    store.finish_message(answer.id, "Otters hold hands while they sleep.", "complete")

    assert found(store, "hold hands") == ["Otters hold hands while they sleep."]


def test_pages_continue_below_the_last_result_and_kinds_can_be_kept_apart(store: Store) -> None:
    translation = store.create_conversation("t", kind="translation")
    for index in range(5):
        store.add_message(translation.id, "assistant", f"page word {index}")

    first = store.search_messages("page word", limit=2)
    second = store.search_messages("page word", limit=2, before=first[-1][1].id)

    assert [m.content for _, m in first + second] == [f"page word {i}" for i in (4, 3, 2, 1)]
    assert found(store, "page word", kind="chat") == []
    assert len(found(store, "page word", kind="translation")) == 5


SYMBOL_TEXTS = [
    "I like C# and F#.", "The tests passed: 100% of them.", "C语言很好，也很快。", "a -> b", "Plain words",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("C#", [SYMBOL_TEXTS[0]]),
        ("c#", [SYMBOL_TEXTS[0]]),  # any case
        ("#", [SYMBOL_TEXTS[0]]),
        ("0%", [SYMBOL_TEXTS[1]]),  # inside a word: "100%"
        ("%", [SYMBOL_TEXTS[1]]),
        ("C语", [SYMBOL_TEXTS[2]]),
        ("c语", [SYMBOL_TEXTS[2]]),
        ("好，", [SYMBOL_TEXTS[2]]),
        ("->", [SYMBOL_TEXTS[3]]),
        ("C# like", [SYMBOL_TEXTS[0]]),  # with a term for the trigrams
        ("0% 100", [SYMBOL_TEXTS[1]]),
        ("C# 0%", []),
        ("#F", []),
        ("语C", []),
        ("-", [SYMBOL_TEXTS[3]]),
    ],
)
def test_short_terms_with_a_symbol_are_found_anywhere_in_a_message(
    store: Store, query: str, expected: list[str]
) -> None:
    conversation = store.create_conversation("symbols")
    for text in SYMBOL_TEXTS:
        store.add_message(conversation.id, "user", text)

    assert found(store, query) == expected


def in_grams_index(store: Store, term: str) -> list[int]:
    """The rows the grams index gives for a term, before the store checks them (none without the index)."""
    if not store.has_search_index:
        return []
    connection = sqlite3.connect(store.path)
    try:
        match = fts_match((str(gram_token(term)),))
        return [row[0] for row in connection.execute(
            f"SELECT rowid FROM {search_index.GRAMS_TABLE} WHERE {search_index.GRAMS_TABLE} MATCH ?", (match,))]
    finally:
        connection.close()


def test_a_symbol_is_found_by_the_new_text_after_an_edit_and_not_after_deletion(store: Store) -> None:
    conversation = store.create_conversation("edits")
    draft = store.add_message(conversation.id, "assistant", "written in C#")
    assert in_grams_index(store, "C#") == ([draft.id] if store.has_search_index else [])

    store.finish_message(draft.id, "written in F#, 100%", "complete")
    assert found(store, "C#") == [] and in_grams_index(store, "C#") == []  # the index itself lets go
    assert found(store, "F#") == found(store, "0%") == ["written in F#, 100%"]

    store.delete_subtree(draft.id)
    assert found(store, "F#") == [] and found(store, "#") == [] and found(store, ",") == []
    assert in_grams_index(store, "F#") == in_grams_index(store, "#") == []


def test_each_text_written_has_its_grams_computed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    computed: list[str] = []

    def counted(text: str | None) -> str:
        computed.append(text or "")
        return search_grams(text)

    monkeypatch.setattr(database, "search_grams", counted)  # what the store's connections call
    with Store(tmp_path / "counted.sqlite3") as store:
        conversation = store.create_conversation("counted")
        message = store.add_message(conversation.id, "user", "C# once")
        store.finish_message(message.id, "C# twice", "complete")

    assert computed == ["C# once", "C# once", "C# twice"]  # indexed; taken out, then the new text indexed
