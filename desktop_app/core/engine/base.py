"""The engine interface every caller (worker thread, CLI, services) codes against."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

TextCallback = Callable[[str], None]


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = 4096
    n_threads: int | None = None  # None: the engine picks from the core count
    n_gpu_layers: int | None = None  # None: all layers when the build can offload, else 0
    seed: int = -1


@dataclass(frozen=True)
class ModelInfo:
    """What the rest of the app needs to know about a loaded model."""

    path: Path
    name: str
    backend: str  # "CPU", "CUDA", "Metal", "Vulkan", ...
    n_ctx: int
    n_ctx_train: int
    n_gpu_layers: int
    n_threads: int
    chat_template: str | None = None  # Jinja source from tokenizer.chat_template, None for base models
    bos_token: str = ""
    eos_token: str = ""
    architecture: str = ""

    @property
    def is_instruct(self) -> bool:
        return bool(self.chat_template)


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 512
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int
    generated_tokens: int
    time_to_first_token: float  # seconds from the call to the first piece of text
    tokens_per_second: float  # generated tokens over the time after the first token
    total_seconds: float
    stop_reason: str  # "stop" (end or stop string), "length" (max_tokens), "cancelled"
    text: str = ""  # the whole answer: what on_text received, joined (engines that fill it)


class Engine(Protocol):
    """Loads one model at a time and streams text from a finished prompt string.

    Implementations never import Qt. `generate` calls `on_text` from the calling
    thread for every piece of text and returns once generation ends; setting
    `cancel` ends it within one token, keeping what was produced.
    """

    @property
    def model(self) -> ModelInfo | None: ...

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo: ...

    def unload(self) -> None: ...

    def count_tokens(self, text: str) -> int: ...

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
    ) -> GenerationStats: ...
