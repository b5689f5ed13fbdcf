"""The engine interface every caller (worker thread, CLI, services) codes against."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

TextCallback = Callable[[str], None]
PromptProgress = Callable[[int, int], None]  # (prompt tokens read so far, prompt tokens to read)


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = 4096
    n_threads: int | None = None  # None: the engine picks from the core count
    n_gpu_layers: int | None = None  # None: all layers when the build can offload, else 0
    seed: int = -1
    context_cache_mb: int | None = None  # RAM for saved conversation contexts; None: the engine picks
    # Flash attention: on a CPU it reads long contexts faster (decoding at 3,000 tokens of context went
    # from 45 to 59 tok/s with the starter on 2 cores) and uses less memory; off when a model refuses it.
    flash_attn: bool = True


@dataclass(frozen=True)
class ModelInfo:
    """What the rest of the app needs to know about a loaded model."""

    path: Path
    name: str
    backend: str  # "CPU", "CUDA", "Metal", "Vulkan", ...
    n_ctx: int
    n_ctx_train: int  # 0 when unknown (a server that does not report its context size)
    n_gpu_layers: int
    n_threads: int
    flash_attn: bool = False
    chat_template: str | None = None  # Jinja source from tokenizer.chat_template, None for base models
    bos_token: str = ""
    eos_token: str = ""
    architecture: str = ""
    # The engine takes chat messages (generate_chat) and the chat template is applied where the model
    # runs: a model on an OpenAI-compatible server. Such a model counts as an instruct model.
    takes_messages: bool = False
    server: str = ""  # the API address of the server the model runs on; "" for this computer

    @property
    def is_instruct(self) -> bool:
        return bool(self.chat_template) or self.takes_messages


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
    # The context this generation leaves behind (prompt and answer) is worth keeping: the engine saves
    # it in RAM before another prompt overwrites it, so a later prompt that starts the same way (the
    # next turn of this conversation) is not read again. Chat turns set it; one-off jobs do not.
    keep_context: bool = False


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int
    generated_tokens: int
    time_to_first_token: float  # seconds from the call to the first piece of text
    tokens_per_second: float  # generated tokens over the time after the first token
    total_seconds: float
    stop_reason: str  # "stop" (end or stop string), "length" (max_tokens), "cancelled"
    text: str = ""  # the whole answer: what on_text received, joined
    cached_tokens: int = 0  # prompt tokens not read again: reused from the live context or a saved one
    restored_context: bool = False  # a saved context was brought back for this prompt


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


class Engine(Protocol):
    """Loads one model at a time and streams text from a finished prompt string.

    Implementations never import Qt. `generate` calls `on_text` from the calling
    thread for every piece of text and returns once generation ends; setting
    `cancel` ends it promptly (while the prompt is read, too), keeping what was
    produced. `on_prompt_progress` hears how far a long prompt has been read.
    Stop strings in `params.stop` end the answer and are not part of it.
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
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats: ...


class MessagesEngine(Engine, Protocol):
    """An engine whose model takes chat messages rather than a rendered prompt (ModelInfo.takes_messages).

    `generate_chat` keeps the contract of `generate`: pieces through `on_text`, `cancel` ends it
    promptly keeping what was produced, stop strings end the answer and are not part of it.
    """

    def generate_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats: ...
