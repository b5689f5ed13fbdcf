"""The llama.cpp engine: loads a GGUF with llama-cpp-python and streams text with exact stats.

One thread owns an engine: load, generate and unload are not meant to run concurrently.
Only `cancel` (a threading.Event) is touched from other threads.
"""

from __future__ import annotations

import ctypes
import logging
import random
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from desktop_app.core.engine.backend import available_cpu_count, detect_backends, physical_core_count
from desktop_app.core.engine.base import (
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    PromptProgress,
    TextCallback,
)
from desktop_app.core.engine.stop_filter import StopFilter
from desktop_app.core.engine.token_loop import sample_tokens
from desktop_app.core.errors import EngineError
from desktop_app.core.safe_text import safe_text

log = logging.getLogger(__name__)

_MIB = 1024 * 1024

class LlamaEngine:
    """Implements the Engine protocol on llama_cpp.Llama (PromptReader, then token_loop)."""

    def __init__(self) -> None:
        self._llm: Any = None  # llama_cpp.Llama; typed loosely so importing this module stays light
        self._reader: Any = None  # PromptReader, imported with the model (it needs numpy and llama_cpp)
        self._model: ModelInfo | None = None
        self._add_bos = False
        self._bos_id = -1
        self._seeds = random.Random()

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        """Check the file, then load it; the previous model is freed first.

        Raises ModelFileError for a file that is missing, not GGUF or truncated (the engine
        keeps the model it had), EngineError when llama.cpp refuses the file.
        """
        from desktop_app.core.models.gguf import read_gguf_info

        path = Path(path)
        info = read_gguf_info(path)
        self.unload()

        import llama_cpp

        _route_llama_logs_to_python()
        report = detect_backends()
        n_ctx = options.n_ctx
        if info.context_length and (n_ctx <= 0 or n_ctx > info.context_length):
            n_ctx = info.context_length  # beyond what it was trained on a model only degrades
        n_gpu_layers = options.n_gpu_layers
        if n_gpu_layers is None:
            n_gpu_layers = auto_gpu_layers(info, n_ctx, report)
        n_threads = options.n_threads or physical_core_count()
        seed = options.seed if options.seed >= 0 else llama_cpp.LLAMA_DEFAULT_SEED
        _recent_errors.clear()
        settings = dict(
            model_path=str(path),
            n_ctx=n_ctx,
            n_gpu_layers=n_gpu_layers,
            n_threads=n_threads,
            n_threads_batch=max(n_threads, available_cpu_count()),
            seed=seed,
            verbose=False,
        )
        flash_attn = options.flash_attn
        try:
            try:
                llm = llama_cpp.Llama(**settings, flash_attn=flash_attn)
            except (ValueError, RuntimeError):
                if not flash_attn:
                    raise
                log.warning("llama.cpp could not load %s with flash attention; trying without", path, exc_info=True)
                flash_attn = False
                _recent_errors.clear()
                llm = llama_cpp.Llama(**settings, flash_attn=False)
        except Exception as exc:  # ValueError, RuntimeError, OSError; a chat template llama-cpp-python cannot compile
            log.warning("llama.cpp could not load %s", path, exc_info=True)
            detail = safe_text(_load_failure_detail(exc), 200)  # llama.cpp's log can quote the file's bytes
            raise EngineError(f"llama.cpp could not load {safe_text(path.name, 120)}: {detail}") from exc

        from desktop_app.core.engine.context_cache import ContextCache
        from desktop_app.core.engine.prompt_reader import PromptReader

        self._llm = llm
        self._reader = PromptReader(llm, ContextCache(_context_cache_budget(options)))
        self._seeds = random.Random(options.seed if options.seed >= 0 else None)
        self._bos_id = llm.token_bos()
        self._add_bos = self._bos_id >= 0 and llm.metadata.get("tokenizer.ggml.add_bos_token", "true") != "false"
        self._model = ModelInfo(
            path=path,
            name=info.name or path.stem,
            backend=report.backend_name(n_gpu_layers),
            n_ctx=llm.n_ctx(),
            n_ctx_train=info.context_length or llm.n_ctx(),
            n_gpu_layers=n_gpu_layers,
            n_threads=n_threads,
            flash_attn=flash_attn,
            chat_template=info.chat_template or llm.metadata.get("tokenizer.chat_template") or None,
            bos_token=self._token_text(self._bos_id),
            eos_token=self._token_text(llm.token_eos()),
            architecture=info.architecture or llm.metadata.get("general.architecture", ""),
        )
        return self._model

    def unload(self) -> None:
        llm, self._llm, self._model = self._llm, None, None
        if self._reader is not None:
            self._reader.cache.clear()
            self._reader = None
        if llm is not None:
            llm.close()

    @property
    def context_cache(self) -> Any:
        """The saved contexts of the loaded model (for benchmarks and tests)."""
        return None if self._reader is None else self._reader.cache

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes as a prompt (including the BOS token generate() would add)."""
        return len(self._prompt_tokens(text)) if text else 0

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        """Stream the answer to `prompt` through `on_text` (see Engine.generate).

        The prompt is read by PromptReader first (reusing the live or a saved context,
        stoppable inside a batch); then token_loop samples from it, token by token.
        generated_tokens counts the answer's tokens: every sampled token, except an
        end-of-generation token and a token sampled after `cancel` was set (that one is
        dropped); the token that completes a stop string counts. tokens_per_second is
        measured from the first to the last sampled token.
        """
        llm = self._require_model()
        reader = self._reader
        assert reader is not None
        cancel = cancel or threading.Event()
        tokens = self._prompt_tokens(prompt)
        if len(tokens) >= llm.n_ctx():
            raise EngineError(
                f"The prompt takes {len(tokens)} tokens but the context window holds {llm.n_ctx()}. "
                "Shorten it or load the model with a larger context."
            )
        start = time.perf_counter()
        if cancel.is_set():
            return GenerationStats(len(tokens), 0, 0.0, 0.0, 0.0, "cancelled")
        try:
            reading = reader.read(tokens, cancel, on_prompt_progress)
        except RuntimeError as exc:
            reader.forget_live()
            raise EngineError(f"llama.cpp failed while reading the prompt: {exc}") from exc
        if reading.cancelled:
            end = time.perf_counter()
            return GenerationStats(
                len(tokens), 0, end - start, 0.0, end - start, "cancelled",
                cached_tokens=reading.cached_tokens, restored_context=reading.restored,
            )
        counter = _TokenCounter(cancel)
        stops = StopFilter(params.stop)
        pieces: list[str] = []
        first_text_at: float | None = None
        reason = "length"
        limit = params.max_tokens if params.max_tokens > 0 else llm.n_ctx()  # 0: until the window is full
        seed = params.seed if params.seed is not None else self._seeds.getrandbits(31)
        stream = sample_tokens(llm, params, seed)
        try:
            while counter.sampled < limit:
                try:
                    sampled = next(stream)
                except StopIteration:
                    break  # the window is full
                except RuntimeError as exc:  # llama_decode failures
                    reader.forget_live()
                    raise EngineError(f"llama.cpp failed while generating: {exc}") from exc
                if counter.count():  # Stop came while it was sampled: that token is dropped
                    reason = "cancelled"
                    break
                text, stopped = stops.feed(sampled.text)
                if text:
                    if first_text_at is None:
                        first_text_at = time.perf_counter()
                    pieces.append(text)
                    on_text(text)
                if sampled.end or stopped:
                    reason = "stop"
                    break
                if cancel.is_set():
                    reason = "cancelled"
                    break
        finally:
            stream.close()
        if counter.cancelled:
            reason = "cancelled"
        if not stops.triggered:
            rest = stops.flush()  # held back as a possible stop string, but it was not one
            if rest:
                if first_text_at is None:
                    first_text_at = time.perf_counter()
                pieces.append(rest)
                on_text(rest)
        if params.keep_context:
            # The next turn begins with this prompt and the answer as stored (without trailing space).
            reader.keep(self._prompt_tokens(prompt + "".join(pieces).rstrip()))
        end = time.perf_counter()
        generated = counter.sampled
        if counter.cancelled:
            generated -= 1  # sampled, then dropped when the cancel was noticed
        elif reason == "stop" and not stops.triggered:
            generated -= 1  # the end-of-generation token is not part of the answer
        return GenerationStats(
            prompt_tokens=len(tokens),
            generated_tokens=max(0, generated),
            time_to_first_token=(first_text_at if first_text_at is not None else end) - start,
            tokens_per_second=counter.rate(),
            total_seconds=end - start,
            stop_reason=reason if reason in ("stop", "length", "cancelled") else "stop",
            text="".join(pieces),
            cached_tokens=reading.cached_tokens,
            restored_context=reading.restored,
        )

    def _require_model(self) -> Any:
        if self._llm is None:
            raise EngineError("No model is loaded.")
        return self._llm

    def _prompt_tokens(self, text: str) -> list[int]:
        """Special tokens in the text are parsed; BOS is added unless the text already starts with it.

        A text longer than any context window could hold is refused before llama.cpp tokenizes it
        (a 100 MB prompt ends in std::bad_alloc inside llama.cpp)."""
        from desktop_app.core.prompts.prompt_size import check_prompt_size

        check_prompt_size(len(text))
        llm = self._require_model()
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        if self._add_bos and (not tokens or tokens[0] != self._bos_id):
            tokens.insert(0, self._bos_id)
        return tokens

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llm.detokenize([token], special=True).decode("utf-8", "replace")


def _context_cache_budget(options: LoadOptions) -> int:
    """RAM for saved contexts: as asked, else 1/16 of the machine's memory, between 256 MiB and 2 GiB."""
    if options.context_cache_mb is not None:
        return max(0, options.context_cache_mb) * _MIB
    from desktop_app.core.models.system_memory import total_memory

    total = total_memory() or 4096 * _MIB
    return max(256 * _MIB, min(2048 * _MIB, total // 16))


def auto_gpu_layers(info, n_ctx: int, report) -> int:
    """All layers when the model fits in the GPU's free memory, else as many as fit (-1: all);
    0 on a CPU build. Without a memory reading, offload everything and let llama.cpp decide."""
    from desktop_app.core.models.fit import gpu_layers_that_fit

    if not (report.gpu_offload and report.gpus):
        return 0
    free = sum(device.memory_free or 0 for device in report.gpus)
    if free <= 0:
        return -1
    layers = gpu_layers_that_fit(info, n_ctx, free)
    return -1 if layers > (info.block_count or 0) else layers


class _TokenCounter:
    """Counts sampled tokens, times them, and notices Stop."""

    def __init__(self, cancel: threading.Event) -> None:
        self._cancel = cancel
        self.sampled = 0
        self.first_at = 0.0
        self.last_at = 0.0
        self.cancelled = False

    def count(self) -> bool:
        """A token was sampled; True when Stop was asked meanwhile (that token is dropped, not shown)."""
        self.last_at = time.perf_counter()
        if not self.sampled:
            self.first_at = self.last_at
        self.sampled += 1
        self.cancelled = self._cancel.is_set()
        return self.cancelled

    def rate(self) -> float:
        """Tokens per second after the first token: the steady generation speed."""
        span = self.last_at - self.first_at
        return (self.sampled - 1) / span if self.sampled > 1 and span > 0 else 0.0


# llama.cpp's log goes to Python logging instead of stderr; its last errors explain a failed load.
_recent_errors: deque[str] = deque(maxlen=4)
_log_callback: Any = None
# ggml_log_level: NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continues the last line)
_LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}


def _load_failure_detail(exc: Exception) -> str:
    """The most telling line llama.cpp logged, e.g. "unknown model architecture: 'xyz'"."""
    marker = "error loading model: "
    for line in _recent_errors:
        if marker in line:
            detail = line[line.rindex(marker) + len(marker) :]
            if detail.startswith("unknown model architecture"):
                detail += " (this llama.cpp build does not support it yet)"
            return detail
    return _recent_errors[-1] if _recent_errors else str(exc)


def _route_llama_logs_to_python() -> None:
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    llama_log = logging.getLogger("llama_cpp")
    llama_log.addHandler(logging.NullHandler())  # silent unless the app configures logging
    last_level = [logging.DEBUG]

    def forward(level: int, text: bytes, _user_data: Any) -> None:
        py_level = last_level[0] if level == 5 else _LEVELS.get(level, logging.DEBUG)
        last_level[0] = py_level
        message = text.decode("utf-8", "replace").strip() if text else ""
        if not message:
            return
        if py_level >= logging.ERROR:
            _recent_errors.append(message)
        llama_log.log(py_level, "%s", message)

    _log_callback = llama_cpp.llama_log_callback(forward)  # kept alive: llama.cpp holds the pointer
    llama_cpp.llama_log_set(_log_callback, ctypes.c_void_p(0))
