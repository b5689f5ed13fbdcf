"""An engine view that applies the user's per-model sampling settings to every task's generation."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Sequence

from desktop_app.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    PromptProgress,
    TextCallback,
)
from desktop_app.core.engine.wrapper import EngineWrapper


@dataclass(frozen=True)
class Sampling:
    """The settings a writing task does not choose itself. Temperature and length stay the task's:
    translation wants a low temperature and an outline a short answer, whatever chat uses."""

    top_p: float
    top_k: int
    min_p: float
    repeat_penalty: float
    seed: int | None


class TunedEngine(EngineWrapper):
    def __init__(self, engine: Engine, sampling: Sampling | None) -> None:
        super().__init__(engine)
        self.sampling = sampling

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        return self.engine.generate(prompt, self._tuned(params), on_text, cancel, on_prompt_progress)

    def generate_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        return super().generate_chat(messages, self._tuned(params), on_text, cancel, on_prompt_progress)

    def _tuned(self, params: GenerationParams) -> GenerationParams:
        s = self.sampling
        if s is None:
            return params
        return replace(
            params, top_p=s.top_p, top_k=s.top_k, min_p=s.min_p, repeat_penalty=s.repeat_penalty, seed=s.seed
        )
