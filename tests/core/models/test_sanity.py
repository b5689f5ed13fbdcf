"""Header facts that crash llama.cpp are refused by read_gguf_info with a short, clean message.

Each starter mutant below crashed a child process running llama.cpp before these checks existed
(see tools/fuzz_gguf.py); here they are only read, never loaded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.errors import ModelFileError
from desktop_app.core.models import gguf
from desktop_app.core.models.gguf import read_gguf_info
from tests.core.models.gguf_factory import Array, RawHeader, Tensor, Typed, llama_like, read_header, rewrite

TOKENIZER_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type")


@pytest.fixture(scope="module")
def starter_header(starter_model_path: Path) -> RawHeader:
    return read_header(starter_model_path)


def _refusal(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(path)
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    assert len(message) < 300, message
    return message


def _tiny_vocabulary(h: RawHeader) -> None:
    for key in TOKENIZER_ARRAYS:
        h.truncate_array(key, 3)


STARTER_MUTANTS: dict[str, tuple[Callable[[RawHeader], None], str]] = {
    "block_count 0": (lambda h: h.set("gemma3.block_count", 0), "gemma3.block_count is 0"),
    "block_count 100000": (lambda h: h.set("gemma3.block_count", 100_000), "gemma3.block_count is 100,000"),
    "tiny vocabulary": (_tiny_vocabulary, "vocabulary has 3 tokens but token_embd.weight has rows for 262,144"),
    "bert tokenizer": (lambda h: h.set("tokenizer.ggml.model", "bert"), "tokenizer (bert) is made for bert models"),
    "rwkv tokenizer": (lambda h: h.set("tokenizer.ggml.model", "rwkv"), "tokenizer (rwkv) is made for rwkv models"),
    "NaN epsilon": (
        lambda h: h.set("gemma3.attention.layer_norm_rms_epsilon", Typed(gguf.FLOAT32, math.nan)),
        "gemma3.attention.layer_norm_rms_epsilon is not a finite number (nan)",
    ),
    "negative epsilon": (
        lambda h: h.set("gemma3.attention.layer_norm_rms_epsilon", -1e-6),
        "a norm epsilon must be a small positive number",
    ),
    "zero head_count_kv": (
        lambda h: h.set("gemma3.attention.head_count_kv", 0),
        "gemma3.attention.head_count_kv is 0 for layer 0, which has attention weights",
    ),
    "head_count not a multiple of head_count_kv": (
        lambda h: h.set("gemma3.attention.head_count_kv", 3),
        "head_count (4) is not a multiple of head_count_kv (3)",
    ),
    "odd rope dimensions": (lambda h: h.set("gemma3.rope.dimension_count", 3), "gemma3.rope.dimension_count is 3"),
    "absurd context_length": (
        lambda h: h.set("gemma3.context_length", 2**32 - 1),
        "gemma3.context_length is 4,294,967,295",
    ),
    "unknown rope scaling": (
        lambda h: h.set("gemma3.rope.scaling.type", "bogus"),
        "'bogus' is not one llama.cpp knows",
    ),
    "experts used but none there": (lambda h: h.set("gemma3.expert_used_count", 2), "expert_used_count (2) is larger"),
    "invalid Jinja template": (
        lambda h: h.set("tokenizer.chat_template", "{% for m in messages %}{{ m.content }"),
        "its chat template is not valid Jinja (unexpected '}')",
    ),
    "escape sequences as the architecture": (
        lambda h: h.set("general.architecture", "\x1b]0;owned\x07gemma3\x1b[2J"),
        "its architecture name is not valid ('gemma3')",
    ),
    "14.7k characters of tokenizer name": (
        lambda h: h.set("tokenizer.ggml.model", "x" * 14_700),
        "tokenizer.ggml.model is not a valid tokenizer name",
    ),
}


@pytest.mark.parametrize("mutant", list(STARTER_MUTANTS))
def test_starter_mutant_that_crashes_llama_cpp_is_refused_clearly(
    starter_model_path: Path, starter_header: RawHeader, tmp_path: Path, mutant: str
) -> None:
    change, expected = STARTER_MUTANTS[mutant]
    path = rewrite(starter_model_path, tmp_path / "mutant.gguf", change, starter_header)

    message = _refusal(path)

    assert message.startswith("mutant.gguf cannot be used: ")
    assert expected in message


def test_unchanged_starter_rewritten_is_accepted(
    starter_model_path: Path, starter_header: RawHeader, tmp_path: Path
) -> None:
    path = rewrite(starter_model_path, tmp_path / "same.gguf", lambda h: None, starter_header)

    assert read_gguf_info(path).architecture == "gemma3"


def test_layers_without_attention_weights_may_have_no_kv_heads(tmp_path: Path) -> None:
    """Hybrid models (Jamba, LFM2, Nemotron-H) give 0 KV heads to their recurrent layers."""
    hybrid = llama_like(layers=2, heads=4, heads_kv=[0, 2])
    hybrid.tensors = [t for t in hybrid.tensors if t.name != "blk.0.attn_q.weight"]
    broken = llama_like(layers=2, heads=4, heads_kv=[0, 2])

    assert read_gguf_info(hybrid.write(tmp_path / "hybrid.gguf")).head_count_kv_per_layer == (0, 2)
    assert "head_count_kv is 0 for layer 0" in _refusal(broken.write(tmp_path / "broken.gguf"))


def test_embedding_must_split_into_whole_heads_without_a_key_length(tmp_path: Path) -> None:
    odd = llama_like(embd=256, heads=3, heads_kv=1)
    explicit = llama_like(embd=256, heads=3, heads_kv=1)
    explicit.metadata["llama.attention.key_length"] = 64

    assert "embedding_length (256) is not a multiple of head_count (3)" in _refusal(odd.write(tmp_path / "odd.gguf"))
    assert read_gguf_info(explicit.write(tmp_path / "explicit.gguf")).key_length == 64


def test_scores_shorter_than_the_vocabulary_are_refused(tmp_path: Path) -> None:
    builder = llama_like(vocab=300)
    builder.metadata["tokenizer.ggml.scores"] = Array(gguf.FLOAT32, [0.0] * 10)

    assert "tokenizer.ggml.scores has 10 entries for 300 tokens" in _refusal(builder.write(tmp_path / "m.gguf"))


def test_a_tensor_listed_twice_is_refused(tmp_path: Path) -> None:
    builder = llama_like()
    builder.tensors.append(builder.tensors[-1])

    assert "tensor blk.1.attn_q.weight appears twice" in _refusal(builder.write(tmp_path / "m.gguf"))


def test_tensor_names_llama_cpp_cannot_hold_are_refused_short(tmp_path: Path) -> None:
    builder = llama_like()
    builder.tensors[1] = Tensor("\x1b[2J" + "t" * 14_700, builder.tensors[1].dims)

    assert "a tensor has an invalid name" in _refusal(builder.write(tmp_path / "m.gguf"))


def test_float_hyperparameters_must_be_finite(tmp_path: Path) -> None:
    builder = llama_like()
    builder.metadata["llama.rope.freq_base"] = Typed(gguf.FLOAT32, math.inf)

    assert "llama.rope.freq_base is not a finite number (inf)" in _refusal(builder.write(tmp_path / "m.gguf"))


def test_experts_must_be_consistent(tmp_path: Path) -> None:
    builder = llama_like()
    builder.metadata["llama.expert_count"] = 8
    builder.metadata["llama.expert_used_count"] = 0

    assert "llama.expert_count is 8 but expert_used_count is 0" in _refusal(builder.write(tmp_path / "m.gguf"))


def test_a_file_that_states_little_is_left_to_llama_cpp(tmp_path: Path) -> None:
    """Missing keys are not guessed at: llama.cpp refuses those itself, cleanly."""
    bare = llama_like()
    for key in ("llama.block_count", "llama.attention.head_count", "tokenizer.ggml.model"):
        del bare.metadata[key]

    assert read_gguf_info(bare.write(tmp_path / "bare.gguf")).block_count is None
