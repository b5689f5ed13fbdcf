"""Reading prompts on real llama.cpp: reuse across turns, saved contexts, Stop while reading."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.llama import LlamaEngine

pytestmark = pytest.mark.model

KEEP = GenerationParams(max_tokens=8, temperature=0.0, seed=1, keep_context=True)
ONCE = GenerationParams(max_tokens=8, temperature=0.0, seed=1)


def history(topic: str, turns: int) -> str:
    """A transcript long enough (several hundred tokens) to be worth keeping."""
    lines = [f"A conversation about {topic}."]
    for i in range(turns):
        lines.append(f"User: Tell me fact number {i} about {topic}.\nAssistant: Fact {i}: {topic} is interesting.")
    return "\n".join(lines) + f"\nUser: One more fact about {topic}?\nAssistant:"


def run(engine: LlamaEngine, prompt: str, params: GenerationParams = KEEP, **kwargs):
    return engine.generate(prompt, params, lambda piece: None, **kwargs)


def test_the_next_turn_reuses_everything_the_previous_turn_read_and_wrote(llama_engine: LlamaEngine) -> None:
    first_prompt = history("owls", 20)
    first = run(llama_engine, first_prompt)

    second = run(llama_engine, first_prompt + first.text + "\nUser: And their eyes?\nAssistant:")

    assert first.prompt_tokens > 300
    assert second.cached_tokens >= first.prompt_tokens  # the whole first prompt, and most of the answer
    assert second.prompt_tokens - second.cached_tokens < 40


def test_dropping_the_older_turns_in_one_block_moves_the_kept_turns_instead_of_reading_them(
    llama_engine: LlamaEngine,
) -> None:
    intro = "A student asks a teacher about the planets.\n\n"
    turns = [f"Question: Tell me fact number {i} about the planets.\nAnswer: Fact {i}: Jupiter is the largest "
             "planet, and Saturn has rings of ice and rock.\n\n" for i in range(14)]
    mars = "Question: How many moons does Mars have?\nAnswer:"
    answer = run(llama_engine, intro + "".join(turns) + mars).text.rstrip()
    question = "\n\nQuestion: What is the capital city of France?\nAnswer:"

    compacted = run(llama_engine, intro + "".join(turns[7:]) + mars + answer + question)  # the older half left

    assert compacted.cached_tokens >= compacted.prompt_tokens - 20  # only the new question was read
    assert "Paris" in compacted.text  # the moved context still answers the question


def test_another_chat_that_shares_a_passage_is_read_not_patched_in(llama_engine: LlamaEngine) -> None:
    intro = "A student asks a teacher.\n\n"
    passage = "".join(f"Line {i}: the committee met on Tuesday and agreed on the budget.\n" for i in range(12))
    run(llama_engine, intro + "Question: Summarise the minutes below.\n" + passage + "Answer:")

    other = run(llama_engine, intro + passage + "Question: Who met on Tuesday?\nAnswer:")

    assert other.cached_tokens < 20  # only the shared beginning: the passage was read in this chat's context


def test_a_kept_context_comes_back_after_another_prompt_in_between(llama_engine: LlamaEngine) -> None:
    herons = history("herons", 25)
    first = run(llama_engine, herons)
    next_turn = herons + " " + first.text.strip() + "\nUser: And what do they eat?\nAssistant:"
    run(llama_engine, history("bread", 25), ONCE)  # a translation, say: another prompt took the model

    again = run(llama_engine, next_turn)

    assert again.restored_context
    assert again.cached_tokens >= first.prompt_tokens + first.generated_tokens - 2  # the answer too
    fresh = LlamaEngine()
    fresh.load(llama_engine.model.path, llama_engine_options(llama_engine))
    try:
        assert again.text == run(fresh, next_turn, ONCE).text  # greedy: the same answer as reading it all
    finally:
        fresh.unload()


def test_after_a_restore_a_prompt_that_parts_early_is_read_from_the_start(llama_engine: LlamaEngine) -> None:
    """Gemma 3 slides a window: a restored context holds that window's state only near its end,
    so a prompt sharing just its first lines must not go on from there (nor be shifted in)."""
    engine = LlamaEngine()  # its own: what earlier tests left in the shared engine's context does not count
    engine.load(llama_engine.model.path, llama_engine_options(llama_engine))
    try:
        cranes = history("cranes", 25)
        first = run(engine, cranes)
        run(engine, history("barley", 25), ONCE)
        again = run(engine, cranes + " " + first.text.strip() + "\nUser: And what do they eat?\nAssistant:")
        assert again.restored_context

        parted = run(engine, history("cranes", 3))  # the same first lines, then another question

        assert parted.cached_tokens == 0
    finally:
        engine.unload()


def test_a_context_not_asked_to_be_kept_is_read_again(llama_engine: LlamaEngine) -> None:
    once = history("teapots", 25)
    run(llama_engine, once, ONCE)
    run(llama_engine, history("bicycles", 25), ONCE)

    again = run(llama_engine, once, ONCE)

    assert not again.restored_context and again.cached_tokens < 10


def test_saved_contexts_stay_within_the_ram_budget(llama_engine: LlamaEngine) -> None:
    cache = llama_engine.context_cache
    assert cache is not None
    budget = cache.budget_bytes
    try:
        run(llama_engine, history("rivers", 25))
        run(llama_engine, history("mountains", 25))
        size_of_one = cache.used_bytes // max(1, len(cache))
        cache.budget_bytes = int(size_of_one * 1.5)  # room for one saved context
        for topic in ("lakes", "forests", "deserts"):
            run(llama_engine, history(topic, 25))

        assert len(cache) == 1 and cache.used_bytes <= cache.budget_bytes
    finally:
        cache.budget_bytes = budget


def test_stop_while_a_long_prompt_is_read_ends_at_once_and_reports_progress(llama_engine: LlamaEngine) -> None:
    prompt = "Rain fell on the old town all night long. " * 160  # about 1,500 tokens: several batches
    cancel = threading.Event()
    progress: list[tuple[int, int]] = []

    def on_progress(done: int, total: int) -> None:
        progress.append((done, total))
        cancel.set()  # Stop as soon as the first batch is in

    stats = run(llama_engine, prompt, ONCE, cancel=cancel, on_prompt_progress=on_progress)

    assert stats.stop_reason == "cancelled" and stats.generated_tokens == 0 and stats.text == ""
    assert progress and progress[0][0] < progress[0][1]  # stopped part-way through the prompt
    full = run(llama_engine, prompt, ONCE)  # the model is fine afterwards, and reuses what was read
    assert full.generated_tokens > 0 and full.cached_tokens >= progress[0][0]


def test_stop_from_another_thread_interrupts_reading_inside_a_batch(llama_engine: LlamaEngine) -> None:
    prompt = "Wind moved across the grey sea. " * 200
    cancel = threading.Event()
    reading = threading.Event()

    def stop_soon() -> None:
        reading.wait(30)
        cancel.set()

    threading.Thread(target=stop_soon, daemon=True).start()
    stats = llama_engine.generate(prompt, ONCE, lambda p: None, cancel, lambda d, t: reading.set())

    assert stats.stop_reason == "cancelled" and stats.generated_tokens == 0
    fresh = LlamaEngine()
    fresh.load(llama_engine.model.path, llama_engine_options(llama_engine))
    try:
        assert run(llama_engine, prompt, ONCE).text == run(fresh, prompt, ONCE).text
    finally:
        fresh.unload()


def llama_engine_options(engine: LlamaEngine):
    from desktop_app.core.engine.base import LoadOptions

    model = engine.model
    return LoadOptions(n_ctx=model.n_ctx, n_threads=model.n_threads)
