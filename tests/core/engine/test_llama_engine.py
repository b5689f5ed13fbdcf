"""LlamaEngine on real llama.cpp with the starter model (loaded once per session)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_app.core.engine.backend import detect_backends
from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.llama import LlamaEngine
from desktop_app.core.errors import EngineError, ModelFileError

pytestmark = pytest.mark.model

STORY = "Once upon a time, in a small village by the sea,"
GREEDY = GenerationParams(max_tokens=16, temperature=0.0, seed=1)


def collect(engine: LlamaEngine, prompt: str, params: GenerationParams, cancel: threading.Event | None = None):
    pieces: list[str] = []
    stats = engine.generate(prompt, params, pieces.append, cancel)
    return pieces, stats


def test_load_reports_the_starter_metadata_and_backend(llama_engine: LlamaEngine, starter_model_path: Path) -> None:
    model = llama_engine.model

    assert model is not None
    assert model.path == starter_model_path
    assert model.name == "Gemma 3 270m"
    assert model.architecture == "gemma3"
    assert model.chat_template is None and not model.is_instruct
    assert (model.bos_token, model.eos_token) == ("<bos>", "<eos>")
    assert model.n_ctx == 2048 and model.n_ctx_train == 32768
    assert model.n_threads >= 1
    assert model.backend == detect_backends().backend_name(model.n_gpu_layers)


def test_streamed_pieces_join_to_the_returned_text_and_stats_add_up(llama_engine: LlamaEngine) -> None:
    pieces, stats = collect(llama_engine, STORY, GREEDY)

    assert len(pieces) > 1
    assert "".join(pieces) == stats.text and stats.text.strip()
    assert stats.stop_reason == "length"
    assert stats.generated_tokens == GREEDY.max_tokens
    assert stats.prompt_tokens == llama_engine.count_tokens(STORY)
    assert 0 < stats.time_to_first_token <= stats.total_seconds
    assert stats.tokens_per_second > 0


def test_same_seed_gives_the_same_answer(llama_engine: LlamaEngine) -> None:
    params = GenerationParams(max_tokens=12, temperature=0.8, seed=42)

    _, first = collect(llama_engine, "The weather today is", params)
    _, second = collect(llama_engine, "A different prompt in between", params)
    _, third = collect(llama_engine, "The weather today is", params)

    assert first.text == third.text != second.text


def test_stop_from_the_callback_keeps_the_partial_answer_within_one_token(llama_engine: LlamaEngine) -> None:
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()

    stats = llama_engine.generate(STORY, GenerationParams(max_tokens=64, temperature=0.0), on_text, cancel)

    assert stats.stop_reason == "cancelled"
    assert len(pieces) <= 4
    assert stats.text == "".join(pieces) and stats.text.strip()
    assert 3 <= stats.generated_tokens <= 4


def test_stop_from_another_thread_ends_generation_early(llama_engine: LlamaEngine) -> None:
    cancel, started = threading.Event(), threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        started.set()

    stopper = threading.Thread(target=lambda: started.wait(30) and cancel.set())
    stopper.start()
    stats = llama_engine.generate(STORY, GenerationParams(max_tokens=200, temperature=0.0), on_text, cancel)
    stopper.join()

    assert stats.stop_reason == "cancelled"
    assert 1 <= stats.generated_tokens < 200
    assert stats.text == "".join(pieces)


def test_cancel_set_before_the_start_generates_nothing(llama_engine: LlamaEngine) -> None:
    cancel = threading.Event()
    cancel.set()

    pieces, stats = collect(llama_engine, STORY, GREEDY, cancel)

    assert pieces == [] and stats.generated_tokens == 0 and stats.stop_reason == "cancelled"


def test_stop_string_ends_generation_and_is_not_in_the_output(llama_engine: LlamaEngine) -> None:
    # Greedy, the starter continues "1, 2, 3, 4, 5," with " 6, 7, 8, 9, 10, ..."; the stop
    # string spans several tokens, so " 8" must be held back until it is known to be one.
    params = GenerationParams(max_tokens=30, temperature=0.0, stop=(" 8, 9",))

    pieces, stats = collect(llama_engine, "1, 2, 3, 4, 5,", params)

    assert stats.stop_reason == "stop"
    assert "".join(pieces) == stats.text == " 6, 7,"
    # every token sampled up to the one completing the stop string (no BOS in an answer)
    assert stats.generated_tokens == llama_engine.count_tokens(" 6, 7, 8, 9") - 1


def test_text_held_back_as_a_possible_stop_string_is_released(llama_engine: LlamaEngine) -> None:
    # The 12 tokens " 6, 7, 8, 9," are all a beginning of the stop string, which never completes.
    params = GenerationParams(max_tokens=12, temperature=0.0, stop=(" 6, 7, 8, 9, 99",))

    pieces, stats = collect(llama_engine, "1, 2, 3, 4, 5,", params)

    assert stats.text == "".join(pieces) == " 6, 7, 8, 9,"
    assert stats.stop_reason == "length"


def test_bos_written_in_the_prompt_is_not_doubled(llama_engine: LlamaEngine) -> None:
    assert llama_engine.count_tokens("<bos>Hello there") == llama_engine.count_tokens("Hello there")
    _, stats = collect(llama_engine, "<bos>Hello there", GenerationParams(max_tokens=2, temperature=0.0))
    assert stats.prompt_tokens == llama_engine.count_tokens("Hello there")


def test_missing_file_raises_model_file_error_and_the_model_stays_loaded(
    llama_engine: LlamaEngine, tmp_path: Path
) -> None:
    loaded = llama_engine.model

    with pytest.raises(ModelFileError, match="not found"):
        llama_engine.load(tmp_path / "nowhere.gguf")

    assert llama_engine.model == loaded
    _, stats = collect(llama_engine, STORY, GenerationParams(max_tokens=3, temperature=0.0))
    assert stats.generated_tokens == 3


def test_file_that_is_not_gguf_raises_model_file_error(llama_engine: LlamaEngine, tmp_path: Path) -> None:
    fake = tmp_path / "notes.gguf"
    fake.write_text("just some notes, not a model\n" * 10)

    with pytest.raises(ModelFileError, match="not a GGUF"):
        llama_engine.load(fake)

    assert llama_engine.model is not None


def test_gguf_llama_cpp_cannot_load_raises_engine_error_naming_the_cause(tmp_path: Path) -> None:
    from tests.core.models.gguf_factory import llama_like

    path = llama_like(arch="nosucharch").write(tmp_path / "odd.gguf")
    engine = LlamaEngine()

    with pytest.raises(EngineError, match="unknown model architecture: 'nosucharch'"):
        engine.load(path)

    assert engine.model is None
    with pytest.raises(EngineError, match="No model is loaded"):
        engine.generate("Hi", GREEDY, lambda piece: None)


def test_prompt_longer_than_the_context_raises_engine_error(llama_engine: LlamaEngine) -> None:
    with pytest.raises(EngineError, match="context window"):
        llama_engine.generate("word " * 3000, GREEDY, lambda piece: None)


@pytest.mark.parametrize("prompt, params", [
    (STORY, GenerationParams(max_tokens=40, temperature=0.8, top_p=0.9, seed=42, repeat_penalty=1.2)),
    ("Question: What is the capital of France?\nAnswer:", GREEDY),
    ("请把这句话翻译成英文：今天天气很好，我们去公园散步吧。\n翻译：", GenerationParams(max_tokens=30, seed=7)),
])
def test_the_answer_is_the_one_llama_cpp_python_gives_for_the_same_seed(
        llama_engine: LlamaEngine, prompt: str, params: GenerationParams) -> None:
    """The engine samples in a loop of its own (token_loop): same sampler chain, same text as
    llama-cpp-python's create_completion, Chinese (several tokens per character) included."""
    from desktop_app.core.engine.benchmark import bare_llama

    model = llama_engine.model
    assert model is not None
    bare = bare_llama(model)
    try:
        expected = bare.create_completion(
            prompt, max_tokens=params.max_tokens, temperature=params.temperature, top_p=params.top_p,
            top_k=params.top_k, min_p=params.min_p, repeat_penalty=params.repeat_penalty, seed=params.seed,
        )["choices"][0]["text"]
    finally:
        bare.close()

    _, stats = collect(llama_engine, prompt, params)

    assert stats.text == expected and expected.strip()
    assert stats.generated_tokens == params.max_tokens or stats.stop_reason == "stop"
