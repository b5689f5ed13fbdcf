"""Generation speed of LlamaEngine next to bare llama-cpp-python, measured the same way.

Both sides load the same file with the same settings and get the same prompt, sampling
parameters and seed, so they produce the same tokens. Both are timed from outside by the
arrival of streamed text: time to first text, then tokens over the time after it.
Runs alternate between the two and each run gets its own prompt (a different first line),
so neither side profits from the other's KV cache or from its own previous run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from desktop_app.core.engine.backend import available_cpu_count
from desktop_app.core.engine.base import GenerationParams, LoadOptions, ModelInfo
from desktop_app.core.engine.llama import LlamaEngine

BENCH_PROMPT = (
    "The following is a long, detailed story about a lighthouse keeper who finds a message in a bottle.\n\n"
    "Chapter 1\n\nThe storm had blown for three days when"
)


@dataclass(frozen=True)
class RunFigures:
    tokens: int
    time_to_first_token: float  # seconds
    tokens_per_second: float  # after the first token


@dataclass(frozen=True)
class BenchResult:
    model: ModelInfo
    prompt_tokens: int
    inkstone: tuple[RunFigures, ...]
    raw: tuple[RunFigures, ...]
    same_text: bool  # both sides wrote the same answers (same seed): a like-for-like comparison

    @staticmethod
    def median(runs: tuple[RunFigures, ...], field: str) -> float:
        return statistics.median(getattr(r, field) for r in runs)


class _Clock:
    """Times streamed text: first arrival and last arrival."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first: float | None = None
        self.last = self.start

    def __call__(self, piece: str) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        self.last = now

    def figures(self, tokens: int) -> RunFigures:
        first = self.first if self.first is not None else self.last
        span = self.last - first
        return RunFigures(tokens, first - self.start, (tokens - 1) / span if tokens > 1 and span > 0 else 0.0)


def run_bench(
    path: Path,
    n_tokens: int = 128,
    runs: int = 3,
    options: LoadOptions = LoadOptions(n_ctx=2048),
    progress: Callable[[str], None] = lambda line: None,
) -> BenchResult:
    engine = LlamaEngine()
    model = engine.load(path, options)
    raw = bare_llama(model)
    params = GenerationParams(max_tokens=n_tokens, temperature=0.7, seed=1234)
    same_text = True
    ours: list[RunFigures] = []
    theirs: list[RunFigures] = []
    try:
        for i in range(runs):
            prompt = f"Story {i + 1}.\n{BENCH_PROMPT}"
            sides = [
                (ours, lambda: _measure_engine(engine, prompt, params)),
                (theirs, lambda: _measure_raw(raw, prompt, params)),
            ]
            texts = []
            for results, measure in sides if i % 2 == 0 else reversed(sides):
                figures, text = measure()  # who goes first alternates, so drifting load hits both alike
                results.append(figures)
                texts.append(text)
            same_text = same_text and texts[0] == texts[1]
            progress(
                f"run {i + 1}/{runs}: Inkstone {ours[-1].tokens_per_second:.1f} tok/s, "
                f"llama-cpp-python {theirs[-1].tokens_per_second:.1f} tok/s"
            )
        prompt_tokens = engine.count_tokens(f"Story 1.\n{BENCH_PROMPT}")
    finally:
        raw.close()
        engine.unload()
    return BenchResult(model, prompt_tokens, tuple(ours), tuple(theirs), same_text)


def _measure_engine(engine: LlamaEngine, prompt: str, params: GenerationParams) -> tuple[RunFigures, str]:
    clock = _Clock()
    stats = engine.generate(prompt, params, clock)
    return clock.figures(stats.generated_tokens), stats.text


def _measure_raw(llm: Any, prompt: str, params: GenerationParams) -> tuple[RunFigures, str]:
    """Bare llama-cpp-python, as its README streams: create_completion(stream=True)."""
    clock = _Clock()
    pieces = []
    for chunk in llm.create_completion(
        prompt,
        max_tokens=params.max_tokens,
        temperature=params.temperature,
        top_p=params.top_p,
        top_k=params.top_k,
        min_p=params.min_p,
        repeat_penalty=params.repeat_penalty,
        seed=params.seed,
        stop=list(params.stop) or None,
        stream=True,
    ):
        piece = chunk["choices"][0]["text"]
        if piece:
            clock(piece)
            pieces.append(piece)
    text = "".join(pieces)
    # counted after the fact, so the raw loop carries no counting code at all
    generated = len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
    return clock.figures(generated), text


def bare_llama(model: ModelInfo) -> Any:
    """A plain llama_cpp.Llama on the file and settings a LlamaEngine loaded."""
    import llama_cpp

    return llama_cpp.Llama(
        model_path=str(model.path),
        n_ctx=model.n_ctx,
        n_gpu_layers=model.n_gpu_layers,
        n_threads=model.n_threads,
        n_threads_batch=max(model.n_threads, available_cpu_count()),  # as LlamaEngine.load
        flash_attn=model.flash_attn,
        verbose=False,
    )


class BareLlama:
    """Bare llama-cpp-python beside a loaded LlamaEngine, same file and settings, for like-for-like
    figures: the window benchmark streams a turn through the window, then runs the same prompt here."""

    def __init__(self, model: ModelInfo) -> None:
        self._llm = bare_llama(model)

    def run(self, prompt: str, params: GenerationParams) -> tuple[RunFigures, str]:
        """Stream `prompt` as llama-cpp-python's README does; the clock runs on the arrival of text."""
        self._llm.reset()  # like the window's turn, which read its prompt before the clock started
        return _measure_raw(self._llm, prompt, params)

    def close(self) -> None:
        self._llm.close()
