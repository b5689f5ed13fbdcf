"""An Engine in front of another: everything passes through unless a subclass changes it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

from desktop_app.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    PromptProgress,
    TextCallback,
)


class EngineWrapper:
    """Implements the Engine protocol by handing every call to `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def model(self) -> ModelInfo | None:
        return self.engine.model

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        return self.engine.load(path, options)

    def unload(self) -> None:
        self.engine.unload()

    def count_tokens(self, text: str) -> int:
        return self.engine.count_tokens(text)

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        return self.engine.generate(prompt, params, on_text, cancel, on_prompt_progress)

    def generate_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        """Only for a model that takes messages (ModelInfo.takes_messages): see MessagesEngine."""
        generate_chat = getattr(self.engine, "generate_chat", None)
        if generate_chat is None:
            from desktop_app.core.errors import EngineError

            raise EngineError("This engine takes a prompt, not chat messages.")
        return generate_chat(messages, params, on_text, cancel, on_prompt_progress)
