"""Runs chat turns so that nothing the user typed or the model wrote is lost on a crash.

A conversation is a tree (core/chat/tree.py): a new question follows the branch on screen,
an edited question is a sibling of the old one, a regenerated answer a sibling of the old
answer, and a continued answer grows in place. Nothing written is ever replaced. The model
reads the path from the first message to the question being answered.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from desktop_app.core.engine.base import Engine, GenerationParams, GenerationStats, PromptProgress, TextCallback
from desktop_app.core.errors import EngineError, InkstoneError
from desktop_app.core.prompts import ChatTurn, build_chat_prompt
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.chat.tree import MessageTree, PathMessage
from desktop_app.core.store import (
    ConversationRecord,
    DeletedMessages,
    MessageRecord,
    NewConversation,
    NewMessage,
    PresetRepository,
    Store,
)
from desktop_app.core.stream_saver import StreamSaver
from desktop_app.core.titles import title_from

if TYPE_CHECKING:
    from desktop_app.core.chat.documents import ChatDocuments
    from desktop_app.core.documents.answering import DocumentContext
    from desktop_app.core.store.document_schema import CitationRecord

CONTINUABLE = frozenset({"stopped", "length", "interrupted"})  # answers that ended before their end


@dataclass(frozen=True)
class Turn:
    """A turn that has been stored and is waiting for the model."""

    conversation_id: int
    user_message: MessageRecord
    assistant_message: MessageRecord
    conversation: ConversationRecord | None = None  # as stored when the turn began
    continuing: bool = False  # the answer goes on from its stored text instead of starting empty


@dataclass(frozen=True)
class ContextUse:
    """How much of the model's context window a turn used, for the meter and the notices."""

    window: int  # the context window, in tokens
    prompt_tokens: int
    answer_tokens: int
    left_out: int  # older messages no longer in the model's view
    question_cut_chars: int = 0  # characters cut from the start of a question too long for the window

    @property
    def used(self) -> int:
        return self.prompt_tokens + self.answer_tokens


@dataclass(frozen=True)
class TurnResult:
    message: MessageRecord
    stats: GenerationStats
    context: ContextUse | None = None
    citations: tuple[CitationRecord, ...] = ()  # the sources listed under an answer from documents


class ChatService:
    def __init__(self, store: Store, documents: ChatDocuments | None = None) -> None:
        self.store = store
        self.presets = PresetRepository(store)
        # the collections conversations answer from (None: chats never search documents, as in the CLI)
        self.documents = documents
        # conversation id -> id of the oldest message the last prompt kept: the prompt's beginning
        # stays put so that the engine reuses its context (see core/prompts/history_fit.py)
        self._window_start: dict[int, int] = {}

    # -- the branch on screen ------------------------------------------------------------

    def tree(self, conversation_id: int) -> MessageTree:
        return MessageTree(self.store.messages(conversation_id))

    def branch(self, conversation_id: int) -> list[PathMessage]:
        """The messages on screen: the path to the conversation's current leaf."""
        conversation = self.store.get_conversation(conversation_id)
        if conversation is None:
            return []
        return self.tree(conversation_id).branch(conversation.current_leaf_id)

    def switch_branch(self, message_id: int, step: int) -> list[PathMessage]:
        """Show the sibling `step` places from message_id (-1: the one before), with its newest branch."""
        message = self._message(message_id)
        tree = self.tree(message.conversation_id)
        siblings = tree.siblings(message_id)
        index = siblings.index(message_id) + step
        if not 0 <= index < len(siblings):
            return tree.branch(self._leaf(message.conversation_id))
        leaf = tree.latest_leaf(siblings[index])
        self.store.set_current_leaf(message.conversation_id, leaf)
        return tree.branch(leaf)

    def show_message(self, message_id: int) -> list[PathMessage]:
        """Make the branch through message_id (its newest one) the branch on screen."""
        message = self._message(message_id)
        tree = self.tree(message.conversation_id)
        leaf = tree.latest_leaf(message_id)
        self.store.set_current_leaf(message.conversation_id, leaf)
        return tree.branch(leaf)

    # -- starting turns ---------------------------------------------------------------------

    def start_turn(self, conversation_id: int | None, user_text: str, model_name: str | None) -> Turn:
        """Store the user's message at once (after the branch on screen), and a placeholder for the answer,
        before any model work."""
        text = _checked(user_text)
        conversation, user, assistant = self.store.add_exchange(
            conversation_id, text, title=title_from(text), model=model_name
        )
        return Turn(conversation.id, user, assistant, conversation)

    def start_edit(self, message_id: int, user_text: str, model_name: str | None) -> Turn:
        """An edited question: a sibling of the old one (which is kept), with a new answer to write."""
        text = _checked(user_text)
        old = self._message(message_id)
        if old.role != "user":
            raise InkstoneError("Only your own messages can be edited.")
        conversation, user, assistant = self.store.add_exchange(
            old.conversation_id, text, title=title_from(text), model=model_name, parent_id=old.parent_id
        )
        return Turn(conversation.id, user, assistant, conversation)

    def start_regenerate(self, answer_id: int, model_name: str | None) -> Turn:
        """Another answer to the same question, beside the old one (which is kept)."""
        old = self._message(answer_id)
        question = self.store.message(old.parent_id) if old.parent_id is not None else None
        if old.role != "assistant" or question is None or question.role != "user":
            raise InkstoneError("Only an answer to a question can be written again.")
        answer = self.store.add_answer(question.id, model=model_name)
        return Turn(old.conversation_id, question, answer, self.store.get_conversation(old.conversation_id))

    def start_continue(self, answer_id: int) -> Turn:
        """The same answer grows: the model goes on from where it stopped."""
        old = self._message(answer_id)
        if old.role != "assistant" or old.status not in CONTINUABLE:
            raise InkstoneError("Only an answer that stopped before its end can be continued.")
        tree = self.tree(old.conversation_id)
        if tree.children(answer_id):
            raise InkstoneError("Only the last answer of a branch can be continued.")
        question = self.store.message(old.parent_id) if old.parent_id is not None else None
        if question is None or question.role != "user":
            raise InkstoneError("Only an answer to a question can be continued.")
        answer = self.store.reopen_answer(answer_id)
        return Turn(old.conversation_id, question, replace(answer, status=old.status),
                    self.store.get_conversation(old.conversation_id), continuing=True)

    # -- running a turn -----------------------------------------------------------------------

    def history(self, turn: Turn) -> list[ChatTurn]:
        """What the model sees: finished and stopped answers count, failed or empty ones do not."""
        return [ChatTurn(m.role, m.content) for m in self._history_messages(turn)]

    def _history_messages(self, turn: Turn) -> list[MessageRecord]:
        path = self.tree(turn.conversation_id).path_to(turn.user_message.id)
        return [
            message
            for message in path
            if not (message.role == "assistant" and (message.status == "failed" or not message.content.strip()))
        ]

    def run_turn(
        self,
        turn: Turn,
        engine: Engine,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        system_prompt: str | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> TurnResult:
        """Generate the answer, saving it as it streams; Stop keeps the partial answer.

        `system_prompt` is the default: a conversation's own preset takes its place, and its
        temperature and answer length, when set, those of `params`.
        """
        model = engine.model
        message_id = turn.assistant_message.id
        prefix = turn.assistant_message.content if turn.continuing else ""
        # What the answer goes back to when the model fails before it wrote anything new.
        fallback = turn.assistant_message.status if turn.continuing else "failed"
        if model is None:
            self.store.finish_message(message_id, prefix, fallback)
            raise EngineError("No model is loaded.")
        conversation = self.store.get_conversation(turn.conversation_id)
        system_prompt = self._system_prompt(conversation, system_prompt)
        params = _with_overrides(params, conversation)
        messages = self._history_messages(turn)
        turns = [ChatTurn(m.role, m.content) for m in messages]
        in_view = [m for m in messages if m.role != "system"]
        start_id = self._window_start.get(turn.conversation_id)
        keep_from = next((i for i, m in enumerate(in_view) if m.id == start_id), None)
        try:
            sources = self._sources(turn, turns, engine, cancel)
            if sources is not None and not sources.found:
                return self._nothing_found(turn, sources, on_text)
            if sources is not None:
                # The passages go in the new user turn only: everything before it is the prompt's stable beginning.
                turns[-1] = ChatTurn("user", sources.user_turn())
            prompt = build_chat_prompt(
                turns, model, engine.count_tokens, params.max_tokens, system_prompt or None, keep_from,
                answer_prefix=prefix, **_source_example(sources),
            )
        except Exception:
            self.store.finish_message(message_id, prefix, fallback)
            raise
        self._window_start[turn.conversation_id] = in_view[prompt.first_turn].id
        params = replace(params, stop=tuple(params.stop) + tuple(prompt.stop) + _source_stops(sources),
                         keep_context=True)
        saver = StreamSaver(lambda text: self.store.update_message_content(message_id, text), initial=prefix)

        def on_piece(piece: str) -> None:
            if saver.empty:
                piece = piece.lstrip()  # prompts end with "Assistant:"; the answer's leading space is noise
                if not piece:
                    return
            saver.add(piece)
            on_text(piece)

        try:
            stats = send_prompt(engine, prompt, params, on_piece, cancel, on_prompt_progress)
        except KeyboardInterrupt:  # Ctrl+C in the CLI: what was written is kept, as with Stop
            self.store.finish_message(message_id, saver.text.strip(), "stopped")
            raise
        except Exception:
            grew = len(saver.text) > len(prefix)
            self.store.finish_message(message_id, saver.text.strip() if turn.continuing else saver.text,
                                      "stopped" if turn.continuing and grew else fallback)
            raise
        status = {"cancelled": "stopped", "length": "length"}.get(stats.stop_reason, "complete")
        earlier = (turn.assistant_message.generated_tokens or 0) if turn.continuing else 0
        message = self.store.finish_message(
            message_id,
            saver.text.strip(),
            status,
            prompt_tokens=stats.prompt_tokens,
            generated_tokens=earlier + stats.generated_tokens,
            time_to_first_token=stats.time_to_first_token,
            tokens_per_second=stats.tokens_per_second,
        )
        context = ContextUse(model.n_ctx, stats.prompt_tokens, stats.generated_tokens, prompt.first_turn,
                             prompt.dropped_chars)
        citations: list[CitationRecord] = []
        if sources is not None and self.documents is not None:
            citations = self.documents.save_citations(message_id, sources, message.content)
        return TurnResult(message, stats, context, tuple(citations))

    def _sources(self, turn: Turn, turns: list[ChatTurn], engine: Engine,
                 cancel: threading.Event | None) -> DocumentContext | None:
        """The passages from the conversation's collections for this question (None: it uses none).

        An answer that goes on keeps to the passages it was written from, and none when they are gone."""
        if self.documents is None:
            return None
        sources = self.documents.context_for(turn.conversation_id, turn.user_message.content, turns[:-1], engine,
                                             cancel)
        if sources is not None and turn.continuing and not sources.found:
            return None
        return sources

    def _nothing_found(self, turn: Turn, sources: DocumentContext, on_text: TextCallback) -> TurnResult:
        """Nothing relevant in the documents: the answer says so, and the model is not asked to invent one."""
        text = sources.nothing_found_answer
        on_text(text)
        message = self.store.finish_message(turn.assistant_message.id, text, "complete")
        if self.documents is not None:
            self.documents.save_citations(message.id, sources, "")
        return TurnResult(message, GenerationStats(0, 0, 0.0, 0.0, 0.0, "stop", text=text))

    def _system_prompt(self, conversation: ConversationRecord | None, default: str | None) -> str | None:
        if conversation is not None and conversation.preset_id is not None:
            preset = self.presets.get(conversation.preset_id)
            if preset is not None:
                return preset.system_prompt
        return default

    # -- changing the tree ---------------------------------------------------------------------

    def delete_message(self, message_id: int) -> DeletedMessages:
        """Delete a message and everything after it on every branch (restore() puts it back)."""
        return self.store.delete_subtree(message_id)

    def restore(self, deleted: DeletedMessages) -> None:
        self.store.restore_messages(deleted)

    def fork(self, message_id: int, title: str) -> ConversationRecord:
        """A new conversation holding a copy of the branch up to message_id, with the same settings."""
        message = self._message(message_id)
        conversation = self.store.get_conversation(message.conversation_id)
        assert conversation is not None  # messages go with their conversation
        path = self.tree(message.conversation_id).path_to(message_id)
        preset = self.presets.get(conversation.preset_id) if conversation.preset_id is not None else None
        copy = NewConversation(
            title=title,
            kind=conversation.kind,
            model=conversation.model,
            messages=tuple(
                NewMessage(
                    key=m.id, parent_key=previous.id if previous else None, role=m.role, content=m.content,
                    status=m.status, model=m.model, created_at=m.created_at, updated_at=m.updated_at,
                    prompt_tokens=m.prompt_tokens, generated_tokens=m.generated_tokens,
                    time_to_first_token=m.time_to_first_token, tokens_per_second=m.tokens_per_second,
                )
                for previous, m in zip([None, *path], path)
            ),
            preset=(preset.name, preset.system_prompt) if preset else None,
            temperature=conversation.temperature,
            max_tokens=conversation.max_tokens,
        )
        [record] = self.store.insert_conversations([copy])
        return record

    # -- helpers ------------------------------------------------------------------------------

    def _message(self, message_id: int) -> MessageRecord:
        message = self.store.message(message_id)
        if message is None:
            raise InkstoneError("That message was deleted.")
        return message

    def _leaf(self, conversation_id: int) -> int | None:
        conversation = self.store.get_conversation(conversation_id)
        return None if conversation is None else conversation.current_leaf_id


def _checked(user_text: str) -> str:
    text = user_text.strip()
    if not text:
        raise InkstoneError("The message is empty.")
    return text


def _source_stops(sources: DocumentContext | None) -> tuple[str, ...]:
    """Past these, a model answering from numbered sources starts inventing sources of its own."""
    if sources is None:
        return ()
    from desktop_app.core.documents.answering import STOPS

    return STOPS


def _source_example(sources: DocumentContext | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """A base model's transcript shows an answer that cites (the same for every turn: the prompt's beginning stays)."""
    if sources is None:
        return {}
    from desktop_app.core.documents.answering import transcript_example

    return {"example": transcript_example()}


def _with_overrides(params: GenerationParams, conversation: ConversationRecord | None) -> GenerationParams:
    if conversation is None:
        return params
    if conversation.temperature is not None:
        params = replace(params, temperature=conversation.temperature)
    if conversation.max_tokens is not None:
        params = replace(params, max_tokens=conversation.max_tokens)
    return params
