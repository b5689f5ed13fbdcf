"""Sending a built prompt to the engine: as its text, or as chat messages to a model that takes them."""

from __future__ import annotations

import threading
from typing import Protocol, Sequence, cast

from desktop_app.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    MessagesEngine,
    PromptProgress,
    TextCallback,
)


class SendablePrompt(Protocol):
    """A BuiltPrompt, or a writing PromptSpec: the text, and the messages when the model takes them."""

    @property
    def text(self) -> str: ...

    @property
    def messages(self) -> Sequence[ChatMessage] | None: ...


def send_prompt(
    engine: Engine,
    prompt: SendablePrompt,
    params: GenerationParams,
    on_text: TextCallback,
    cancel: threading.Event | None = None,
    on_prompt_progress: PromptProgress | None = None,
) -> GenerationStats:
    """Generate the answer to `prompt`: a server that applies its own chat template gets the messages."""
    if prompt.messages is not None:
        return cast(MessagesEngine, engine).generate_chat(prompt.messages, params, on_text, cancel, on_prompt_progress)
    return engine.generate(prompt.text, params, on_text, cancel, on_prompt_progress)
