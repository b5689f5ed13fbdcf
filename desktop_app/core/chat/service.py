"""Runs chat turns so that nothing the user typed or the model wrote is lost on a crash."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from desktop_app.core.engine.base import Engine, GenerationParams, GenerationStats, PromptProgress, TextCallback
from desktop_app.core.errors import EngineError, InkstoneError
from desktop_app.core.prompts import ChatTurn, build_chat_prompt
from desktop_app.core.prompts.send import send_prompt
from desktop_app.core.store import ConversationRecord, MessageRecord, Store
from desktop_app.core.stream_saver import StreamSaver
from desktop_app.core.titles import title_from



@dataclass(frozen=True)
class Turn:
    """A turn that has been stored and is waiting for the model."""

    conversation_id: int
    user_message: MessageRecord
    assistant_message: MessageRecord
    conversation: ConversationRecord | None = None  # as stored when the turn began


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


class ChatService:
    def __init__(self, store: Store) -> None:
        self.store = store
        # conversation id -> id of the oldest message the last prompt kept: the prompt's beginning
        # stays put so that the engine reuses its context (see core/prompts/history_fit.py)
        self._window_start: dict[int, int] = {}

    def start_turn(self, conversation_id: int | None, user_text: str, model_name: str | None) -> Turn:
        """Store the user's message at once (and a placeholder for the answer) before any model work."""
        text = user_text.strip()
        if not text:
            raise InkstoneError("The message is empty.")
        conversation, user, assistant = self.store.add_exchange(
            conversation_id, text, title=title_from(text), model=model_name
        )
        return Turn(conversation.id, user, assistant, conversation)

    def history(self, turn: Turn) -> list[ChatTurn]:
        """What the model sees: finished and stopped answers count, failed or empty ones do not."""
        return [ChatTurn(m.role, m.content) for m in self._history_messages(turn)]

    def _history_messages(self, turn: Turn) -> list[MessageRecord]:
        return [
            message
            for message in self.store.messages(turn.conversation_id)
            if message.id != turn.assistant_message.id
            and not (message.role == "assistant" and (message.status == "failed" or not message.content.strip()))
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
        """Generate the answer, saving it as it streams; Stop keeps the partial answer."""
        model = engine.model
        if model is None:
            raise EngineError("No model is loaded.")
        messages = self._history_messages(turn)
        in_view = [m for m in messages if m.role != "system"]
        start_id = self._window_start.get(turn.conversation_id)
        keep_from = next((i for i, m in enumerate(in_view) if m.id == start_id), None)
        try:
            prompt = build_chat_prompt(
                [ChatTurn(m.role, m.content) for m in messages], model, engine.count_tokens, params.max_tokens,
                system_prompt or None, keep_from,
            )
        except Exception:
            self.store.finish_message(turn.assistant_message.id, "", "failed")
            raise
        self._window_start[turn.conversation_id] = in_view[prompt.first_turn].id
        params = replace(params, stop=tuple(params.stop) + tuple(prompt.stop), keep_context=True)
        message_id = turn.assistant_message.id
        saver = StreamSaver(lambda text: self.store.update_message_content(message_id, text))

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
            self.store.finish_message(message_id, saver.text, "failed")
            raise
        status = "stopped" if stats.stop_reason == "cancelled" else "complete"
        message = self.store.finish_message(
            turn.assistant_message.id,
            saver.text.strip(),
            status,
            prompt_tokens=stats.prompt_tokens,
            generated_tokens=stats.generated_tokens,
            time_to_first_token=stats.time_to_first_token,
            tokens_per_second=stats.tokens_per_second,
        )
        context = ContextUse(model.n_ctx, stats.prompt_tokens, stats.generated_tokens, prompt.first_turn,
                             prompt.dropped_chars)
        return TurnResult(message, stats, context)
