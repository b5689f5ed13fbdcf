"""Drafts in the history: created on first save, then updated in place, also while a job writes.

A draft is a 'draft' conversation: a user message "[template]" + "key: value" lines (how it
was made), then the text as the assistant message. Saving again updates that message (and
the title), so autosave never piles up copies. This module is the one place that writes
and reads that format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, TypeVar

from desktop_app.core.store import MessageRecord, Store
from desktop_app.core.stream_saver import StreamSaver
from desktop_app.core.titles import title_from

T = TypeVar("T")

_REQUEST_HEAD = re.compile(r"^\[([^\]\n]+)\]\s*$")
_FIELD_LINE = re.compile(r"^([a-z_]+): ?(.*)$")


@dataclass
class OpenDraft:
    """The draft in the editor: where it is stored (None until its first save) and how it was made."""

    template: str = "blank"  # a template name, "longform", or "blank" for text typed by hand
    fields: dict[str, str] = field(default_factory=dict)
    conversation_id: int | None = None
    message_id: int | None = None
    title: str = ""


def draft_title(text: str, fields: Mapping[str, str]) -> str:
    """The first heading or line of the text; else the topic; else "" (the UI says "Untitled draft")."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return title_from(line)
    return title_from(fields.get("topic") or "")


def save_draft(store: Store, template: str, fields: Mapping[str, str], text: str, *,
               stopped: bool = False, model: str | None = None) -> int:
    """Store a draft as a new 'draft' conversation: the request (template and fields), then the text."""
    request = "\n".join([f"[{template}]"] + [f"{k}: {v}" for k, v in fields.items() if v])
    title = title_from(fields.get("topic") or fields.get("text") or template)
    conversation = store.create_conversation(title, kind="draft", model=model)
    store.add_message(conversation.id, "user", request)
    store.add_message(conversation.id, "assistant", text, model=model, status="stopped" if stopped else "complete")
    return conversation.id


def save_open_draft(store: Store, draft: OpenDraft, text: str, *, stopped: bool = False,
                    model: str | None = None, status: str | None = None) -> bool:
    """Store text for draft (creating it on first save); False when there was nothing to store.

    `status` overrides the one `stopped` implies; "streaming" (a job still writes) only updates the
    text, keeping the status it has: a draft is a document, whole at every save.
    """
    title = draft_title(text, draft.fields)
    status = status or ("stopped" if stopped else "complete")
    if draft.conversation_id is None or draft.message_id is None:
        if not text.strip():
            return False
        draft.conversation_id = save_draft(store, draft.template, draft.fields, text, stopped=stopped, model=model)
        answers = [m for m in store.messages(draft.conversation_id) if m.role == "assistant"]
        draft.message_id = answers[-1].id
    elif status == "streaming":
        store.update_message_content(draft.message_id, text)
    else:
        store.finish_message(draft.message_id, text, status)
    if title and title != draft.title:
        store.rename_conversation(draft.conversation_id, title)
        draft.title = title
    return True


class DraftSaver:
    """Keeps a draft in the history while a job writes into it, every half second.

    The document is `head` + what streamed + `tail` (a section written again sits between
    the text before and after it). The draft is created on the first save that has text;
    `on_created(conversation_id, message_id)` tells the page where it went.
    """

    def __init__(self, store: Store, draft: OpenDraft, head: str = "", tail: str = "", *,
                 model: str | None = None, on_created: Callable[[int, int], None] | None = None) -> None:
        self.store = store
        self.draft = OpenDraft(draft.template, dict(draft.fields), draft.conversation_id, draft.message_id,
                               draft.title)
        self.head, self.tail = head, tail
        self.model = model
        self._on_created = on_created
        self._stream = StreamSaver(lambda _text: self._save(stopped=False, final=False))

    @property
    def document(self) -> str:
        return self.head + self._stream.text + self.tail

    def add(self, piece: str) -> None:
        self._stream.add(piece)

    def finish(self, stopped: bool) -> OpenDraft:
        """The last save, with the draft's final status; returns where it is stored."""
        self._save(stopped=stopped, final=True)
        return self.draft

    def _save(self, *, stopped: bool, final: bool) -> None:
        created = self.draft.conversation_id is None
        status = ("stopped" if stopped else "complete") if final else "streaming"
        if save_open_draft(self.store, self.draft, self.document, stopped=stopped, model=self.model,
                           status=status) and created and self._on_created is not None:
            self._on_created(self.draft.conversation_id, self.draft.message_id)


def load_draft(store: Store, conversation_id: int, known_keys: frozenset[str]) -> tuple[OpenDraft, str]:
    """The stored draft and its text."""
    messages = store.messages(conversation_id)
    conversation = store.get_conversation(conversation_id)
    template, fields = parse_request(_first(messages, "user"), known_keys)
    answer = _last(messages, "assistant")
    draft = OpenDraft(template, fields, conversation_id, answer.id if answer else None,
                      conversation.title if conversation else "")
    return draft, answer.content if answer else ""


def parse_request(message: MessageRecord | None, known_keys: frozenset[str]) -> tuple[str, dict[str, str]]:
    """Template name and fields from "[template]" + "key: value" lines (a value may span lines)."""
    if message is None:
        return "blank", {}
    lines = message.content.split("\n")
    head = _REQUEST_HEAD.match(lines[0]) if lines else None
    if head is None:
        return "blank", {}
    fields: dict[str, str] = {}
    key: str | None = None
    for line in lines[1:]:
        match = _FIELD_LINE.match(line)
        if match and match.group(1) in known_keys:
            key = match.group(1)
            fields[key] = match.group(2)
        elif key is not None:
            fields[key] += "\n" + line
    return head.group(1), fields


def _first(messages: list[MessageRecord], role: str) -> MessageRecord | None:
    return next((m for m in messages if m.role == role), None)


def _last(messages: list[MessageRecord], role: str) -> MessageRecord | None:
    return next((m for m in reversed(messages) if m.role == role), None)


def write_into_history(
    store: Store,
    draft: OpenDraft,
    write: Callable[[Callable[[str], None]], T],
    *,
    head: str = "",
    tail: str = "",
    model: str | None = None,
    on_text: Callable[[str], None] | None = None,
    on_created: Callable[[int, int], None] | None = None,
    stopped: Callable[[T], bool] = lambda _result: False,
) -> tuple[T, OpenDraft]:
    """Run `write(out)` (a generation streaming through `out`) and keep the draft in the history
    as it streams: the document is head + streamed + tail, saved every half second.

    Stop keeps what was written (`stopped(result)` says whether the run was stopped); Ctrl+C
    and failures store what was written as stopped before the error goes on. Returns the
    writer's result and where the draft is stored.
    """
    saver = DraftSaver(store, draft, head, tail, model=model, on_created=on_created)
    emit = on_text or (lambda piece: None)

    def out(piece: str) -> None:
        saver.add(piece)
        emit(piece)

    try:
        result = write(out)
    except BaseException:
        saver.finish(stopped=True)
        raise
    return result, saver.finish(stopped=stopped(result))
