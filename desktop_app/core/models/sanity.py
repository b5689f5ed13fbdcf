"""Refuse a model file whose header parses but would make llama.cpp abort, taking Inkstone with it.

llama.cpp checks many header facts with GGML_ASSERT, or divides by them, or trusts them while
generating: a failed assert calls abort(), which no Python code can catch, so one bad file would
close the window with no message (and a remembered model would do it again at every start).
Each rule here is a fact llama.cpp asserts on or crashed on in tools/fuzz_gguf.py
(llama-model.cpp load_hparams, llama-vocab.cpp load, the ggml CPU norm ops), or a name it would
quote raw in its own error message. A fact the file does not state is left to llama.cpp, which
refuses a missing key cleanly ("key not found"); so are wrong value types.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import ModelFileError
from desktop_app.core.safe_text import DETAIL_LIMIT, safe_text

if TYPE_CHECKING:
    from desktop_app.core.models.gguf import GGUFInfo, TensorInfo

MAX_LAYERS = 512  # LLAMA_MAX_LAYERS: per-layer parameters live in fixed arrays of this size
MAX_CONTEXT_LENGTH = 1 << 26  # 67M tokens; the largest real models say 10M, and 2**32-1 crashed llama.cpp
MAX_TENSOR_NAME = 63  # GGML_MAX_NAME (64) with its terminating zero
ROPE_SCALING_TYPES = ("none", "linear", "yarn", "longrope")  # llama_rope_scaling_type_from_string
# Tokenizers built for one family of models: llama.cpp aborts (bert's WordPiece on a decoder) or
# grows without bound (rwkv's trie over another model's vocabulary) when they meet another.
TOKENIZER_FAMILIES = {"bert": "bert", "rwkv": "rwkv"}  # tokenizer.ggml.model -> in the architecture name
# Architecture, tokenizer and pre-tokenizer names are identifiers; llama.cpp quotes them in errors.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+\-]{0,63}")
# Layers that hold attention weights (q, k, v, fused qkv, or the low-rank MLA projections).
_ATTENTION_WEIGHT = re.compile(r"blk\.(\d+)\.attn_(?:q|k|v|qkv|q_a|kv_a_mqa)\.weight")


def check_loadable(info: GGUFInfo, tensors: Sequence[TensorInfo], label: str) -> None:
    """Raise ModelFileError ("<file> cannot be used: <why>") for a file llama.cpp would crash on."""
    problem = find_problem(info, tensors)
    if problem:
        raise ModelFileError(f"{label} cannot be used: {problem}")


def find_problem(info: GGUFInfo, tensors: Sequence[TensorInfo]) -> str | None:
    """The first reason llama.cpp could not safely load this file, in words for the user; None if none."""
    facts = _Facts(info.metadata, info.architecture, tensors)
    rules = (_names, _tensor_list, _layers, _heads, _experts, _numbers, _vocabulary, _chat_templates)
    for rule in rules:
        problem = rule(facts)
        if problem:
            return problem
    return None


@dataclass
class _Facts:
    metadata: Mapping[str, Any]
    arch: str
    tensors: Sequence[TensorInfo]

    def arch_key(self, key: str) -> str:
        return f"{self.arch}.{key}"

    def get(self, key: str) -> Any:
        return self.metadata.get(self.arch_key(key))

    def int_value(self, key: str) -> int | None:
        value = self.get(key)
        return value if _is_int(value) else None

    def per_layer(self, key: str, n_layer: int) -> list[int] | None:
        """A count given once for all layers or once per layer; None when absent or malformed."""
        value = self.get(key)
        if _is_int(value):
            return [value] * n_layer
        if isinstance(value, tuple) and len(value) == n_layer and all(_is_int(v) for v in value):
            return list(value)
        return None

    def attention_layers(self) -> set[int]:
        return {int(m.group(1)) for t in self.tensors if (m := _ATTENTION_WEIGHT.fullmatch(t.name))}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return safe_text(value, DETAIL_LIMIT)


def _tokens(n: int) -> str:
    return f"{n:,} token" if n == 1 else f"{n:,} tokens"


def _names(f: _Facts) -> str | None:
    arch = f.metadata.get("general.architecture")
    if isinstance(arch, str) and not _IDENTIFIER.fullmatch(arch):
        return f"its architecture name is not valid ('{_shown(arch)}')"
    for key in ("tokenizer.ggml.model", "tokenizer.ggml.pre"):
        value = f.metadata.get(key)
        if isinstance(value, str) and value and not _IDENTIFIER.fullmatch(value):
            return f"{key} is not a valid tokenizer name ('{_shown(value)}')"
    return None


def _tensor_list(f: _Facts) -> str | None:
    """Names llama.cpp can hold, each once; no two tensors claiming the same bytes."""
    seen: set[str] = set()
    for t in f.tensors:
        if len(t.name.encode()) > MAX_TENSOR_NAME or safe_text(t.name, MAX_TENSOR_NAME + 1) != t.name:
            return f"a tensor has an invalid name ('{_shown(t.name)}')"
        if t.name in seen:
            return f"tensor {t.name} appears twice"
        seen.add(t.name)
        if any(d == 0 for d in t.dims):
            return f"tensor {t.name} is empty (a dimension is 0)"
    sized = sorted((t.offset, t.nbytes, t.name) for t in f.tensors if t.nbytes is not None)
    for (offset, nbytes, name), (next_offset, _, next_name) in zip(sized, sized[1:]):
        if offset + nbytes > next_offset:
            return f"tensors {name} and {next_name} overlap"
    return None


def _layers(f: _Facts) -> str | None:
    n_layer = f.int_value("block_count")
    if n_layer is not None and not 1 <= n_layer <= MAX_LAYERS:
        return f"{f.arch_key('block_count')} is {n_layer:,} (llama.cpp runs 1 to {MAX_LAYERS} layers)"
    n_ctx = f.int_value("context_length")
    if n_ctx is not None and not 0 <= n_ctx <= MAX_CONTEXT_LENGTH:
        key = f.arch_key("context_length")
        return f"{key} is {n_ctx:,}, not a plausible context (0 to {MAX_CONTEXT_LENGTH:,} tokens)"
    return None


def _heads(f: _Facts) -> str | None:
    """Attention layers need heads, whole groups of query heads per KV head, and whole head sizes."""
    n_layer = f.int_value("block_count") or 1
    heads = f.per_layer("attention.head_count", n_layer)
    if heads is None:
        return None
    kv_heads = f.per_layer("attention.head_count_kv", n_layer) or heads
    attention = f.attention_layers()
    for layer, (n_head, n_head_kv) in enumerate(zip(heads, kv_heads)):
        for key, count in (("attention.head_count", n_head), ("attention.head_count_kv", n_head_kv)):
            if count < 0 or (count == 0 and layer in attention):
                return f"{f.arch_key(key)} is {count} for layer {layer}, which has attention weights"
        if n_head > 0 and n_head_kv > 0 and n_head % n_head_kv:
            return (
                f"{f.arch_key('attention.head_count')} ({n_head}) is not a multiple of "
                f"head_count_kv ({n_head_kv}) in layer {layer}"
            )
    n_embd = f.int_value("embedding_length")
    head_size = f.int_value("attention.key_length")
    if head_size is None and n_embd and heads[0] > 0:
        # Without key_length a head is embedding_length / head_count wide: it must divide evenly.
        if n_embd % heads[0]:
            return f"{f.arch_key('embedding_length')} ({n_embd}) is not a multiple of head_count ({heads[0]})"
        head_size = n_embd // heads[0]
    n_rot = f.int_value("rope.dimension_count")
    if n_rot is not None and head_size and not (0 < n_rot <= head_size and n_rot % 2 == 0):
        return (
            f"{f.arch_key('rope.dimension_count')} is {n_rot} "
            f"(rotary dimensions come in pairs, at most the head size of {head_size})"
        )
    return None


def _experts(f: _Facts) -> str | None:
    """The mixture-of-experts counts llama.cpp asserts on (load_hparams)."""
    n_expert = f.int_value("expert_count") or 0
    n_used = f.int_value("expert_used_count") or 0
    groups = f.int_value("expert_group_count") or 0
    groups_used = f.int_value("expert_group_used_count") or 0
    key = f.arch_key("expert_count")
    if n_expert < 0 or n_used < 0 or groups < 0 or groups_used < 0:
        return f"{key} or a related count is negative"
    if n_used > n_expert:
        return f"{f.arch_key('expert_used_count')} ({n_used}) is larger than expert_count ({n_expert})"
    if n_expert > 0 and n_used == 0:
        return f"{key} is {n_expert} but expert_used_count is 0"
    if groups and (n_expert == 0 or groups >= n_expert):
        return f"{f.arch_key('expert_group_count')} ({groups}) does not fit expert_count ({n_expert})"
    if groups > 1 and (n_expert % groups or not 0 < groups_used < groups):
        return f"{f.arch_key('expert_group_count')} ({groups}) does not divide the experts evenly"
    return None


def _numbers(f: _Facts) -> str | None:
    """Every float hyperparameter finite, every norm epsilon positive, a rope scaling llama.cpp knows."""
    prefix = f.arch + "."
    for key, value in f.metadata.items():
        if not key.startswith(prefix):
            continue
        values = value if isinstance(value, tuple) else (value,)
        floats = [v for v in values if isinstance(v, float)]
        bad = next((v for v in floats if not math.isfinite(v)), None)
        if bad is not None:
            return f"{key} is not a finite number ({_shown(bad)})"
        bad = next((v for v in floats if v <= 0), None)
        if bad is not None and "epsilon" in key.rsplit(".", 1)[-1]:
            return f"{key} is {_shown(bad)} (a norm epsilon must be a small positive number)"
    scaling = f.get("rope.scaling.type")
    if isinstance(scaling, str) and scaling not in ROPE_SCALING_TYPES:
        return (
            f"{f.arch_key('rope.scaling.type')} '{_shown(scaling)}' is not one llama.cpp knows "
            f"({', '.join(ROPE_SCALING_TYPES)})"
        )
    return None


def _vocabulary(f: _Facts) -> str | None:
    """A tokenizer made for this kind of model, with one score, type and embedding row per token."""
    from desktop_app.core.models.gguf import ArrayInfo

    model = f.metadata.get("tokenizer.ggml.model")
    family = TOKENIZER_FAMILIES.get(model) if isinstance(model, str) else None
    if family and family not in f.arch:
        return f"its tokenizer ({model}) is made for {family} models, not for its architecture ({f.arch})"
    tokens = f.metadata.get("tokenizer.ggml.tokens")
    n_tokens = tokens.length if isinstance(tokens, ArrayInfo) else len(tokens) if isinstance(tokens, tuple) else None
    if n_tokens is None:
        return None
    for key in ("tokenizer.ggml.scores", "tokenizer.ggml.token_type"):
        value = f.metadata.get(key)
        length = value.length if isinstance(value, ArrayInfo) else len(value) if isinstance(value, tuple) else None
        if length is not None and length < n_tokens:
            return f"{key} has {length:,} entries for {_tokens(n_tokens)}"
    if f.get("vocab_size") is None:  # llama.cpp sizes the embedding by the vocabulary (unless vocab_size says)
        embedding = next((t for t in f.tensors if t.name == "token_embd.weight"), None)
        if embedding is not None and len(embedding.dims) == 2 and embedding.dims[1] != n_tokens:
            return f"its vocabulary has {_tokens(n_tokens)} but token_embd.weight has rows for {embedding.dims[1]:,}"
    return None


def _chat_templates(f: _Facts) -> str | None:
    """llama-cpp-python compiles every template in the file when it loads the model."""
    from desktop_app.core.prompts.chat_template import template_syntax_error

    for key, value in f.metadata.items():
        if (key == "tokenizer.chat_template" or key.startswith("tokenizer.chat_template.")) and isinstance(value, str):
            error = template_syntax_error(value)
            if error:
                name = key.removeprefix("tokenizer.chat_template").removeprefix(".")
                which = f"its chat template {_shown(name)}" if name else "its chat template"
                return f"{which} is not valid Jinja ({_shown(error)})"
    return None
