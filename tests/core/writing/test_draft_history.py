"""The open draft is created on first save, then updated in place; its request reads back."""

from __future__ import annotations

from desktop_app.core.writing.draft_history import OpenDraft, draft_title, load_draft, save_open_draft

KEYS = frozenset({"topic", "text", "tone", "outline"})


def test_saving_twice_updates_one_stored_draft(store) -> None:
    draft = OpenDraft("rewrite", {"text": "line one\nline two", "tone": "formal"})

    assert save_open_draft(store, draft, "# First title\n\nBody")
    assert save_open_draft(store, draft, "# Second title\n\nBody, longer")

    [conversation] = store.list_conversations("draft")
    assert conversation.title == "Second title"
    reopened, text = load_draft(store, conversation.id, KEYS)
    assert text == "# Second title\n\nBody, longer"
    assert (reopened.template, reopened.fields) == ("rewrite", {"text": "line one\nline two", "tone": "formal"})
    assert reopened.message_id == draft.message_id


def test_an_empty_new_draft_is_not_stored(store) -> None:
    assert not save_open_draft(store, OpenDraft(), "   ")
    assert store.list_conversations("draft") == []


def test_the_title_is_the_first_line_without_heading_marks_else_the_topic() -> None:
    assert draft_title("\n## Plans for May\nmore", {}) == "Plans for May"
    assert draft_title("", {"topic": "Budget"}) == "Budget"
