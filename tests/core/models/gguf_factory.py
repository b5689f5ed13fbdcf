"""Write tiny valid GGUF files with struct, so tests need neither the gguf package nor a big model."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.models import gguf
from desktop_app.core.models.ggml_types import GGML_TYPES

GGML_F32, GGML_F16, GGML_Q4_K, GGML_Q6_K = 0, 1, 12, 14


@dataclass(frozen=True)
class Typed:
    """A metadata value with an explicit GGUF type (e.g. INT64 where UINT32 would be guessed)."""

    type: int
    value: Any


@dataclass(frozen=True)
class Array:
    """A metadata array with an explicit element type."""

    item_type: int
    items: Sequence[Any]


@dataclass(frozen=True)
class Tensor:
    name: str
    dims: tuple[int, ...]
    type: int = GGML_F32


def _encode_string(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def _scalar_type(value: Any) -> int:
    if isinstance(value, bool):
        return gguf.BOOL
    if isinstance(value, int):
        return gguf.UINT32 if 0 <= value < 2**32 else gguf.INT64
    if isinstance(value, float):
        return gguf.FLOAT32
    if isinstance(value, (str, bytes)):
        return gguf.STRING
    if isinstance(value, (list, tuple, Array)):
        return gguf.ARRAY
    raise TypeError(value)


def _encode_value(value_type: int, value: Any) -> bytes:
    if value_type == gguf.STRING:
        return _encode_string(value)
    if value_type == gguf.ARRAY:
        items = list(value.items if isinstance(value, Array) else value)
        item_type = value.item_type if isinstance(value, Array) else (_scalar_type(items[0]) if items else gguf.UINT32)
        body = b"".join(_encode_value(item_type, item) for item in items)
        return struct.pack("<IQ", item_type, len(items)) + body
    return struct.pack("<" + gguf._SCALAR_FORMATS[value_type], value)


def encode_kv(key: str, value: Any) -> bytes:
    if isinstance(value, Typed):
        value_type, payload = value.type, value.value
    else:
        value_type, payload = _scalar_type(value), value
    return _encode_string(key) + struct.pack("<I", value_type) + _encode_value(value_type, payload)


def tensor_nbytes(t: Tensor) -> int:
    ggml = GGML_TYPES[t.type]
    assert t.dims[0] % ggml.block_elements == 0, f"{t.name}: rows must fill whole {ggml.name} blocks"
    n = 1
    for d in t.dims:
        n *= d
    return n // ggml.block_elements * ggml.block_bytes


@dataclass
class GGUFBuilder:
    metadata: dict[str, Any] = field(default_factory=dict)
    tensors: list[Tensor] = field(default_factory=list)
    version: int = 3
    alignment: int = 32

    def header(self) -> bytes:
        """Magic, counts, metadata and tensor infos: everything before the data section."""
        kvs = b"".join(encode_kv(k, v) for k, v in self.metadata.items())
        infos = b""
        offset = 0
        for t in self.tensors:
            infos += _encode_string(t.name) + struct.pack("<I", len(t.dims))
            infos += struct.pack(f"<{len(t.dims)}Q", *t.dims) + struct.pack("<IQ", t.type, offset)
            offset += -(-tensor_nbytes(t) // self.alignment) * self.alignment
        counts = struct.pack("<IQQ", self.version, len(self.tensors), len(self.metadata))
        return b"GGUF" + counts + kvs + infos

    def data_size(self) -> int:
        """Bytes of the data section up to the end of the last tensor."""
        offset = end = 0
        for t in self.tensors:
            end = offset + tensor_nbytes(t)
            offset += -(-tensor_nbytes(t) // self.alignment) * self.alignment
        return end

    def build(self) -> bytes:
        header = self.header()
        pad = -len(header) % self.alignment
        return header + b"\0" * pad + b"\x11" * self.data_size()

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.build())
        return path


def llama_like(
    name: str = "Tiny Llama",
    *,
    arch: str = "llama",
    layers: int = 2,
    embd: int = 256,
    heads: int = 4,
    heads_kv: int | Sequence[int] = 2,
    context_length: int = 2048,
    chat_template: str | None = None,
    file_type: int | None = 15,
    vocab: int = 300,
    tensor_type: int = GGML_Q4_K,
) -> GGUFBuilder:
    """A small llama-shaped model: real layout, a vocabulary, a few quantised tensors."""
    md: dict[str, Any] = {
        "general.architecture": arch,
        "general.name": name,
        f"{arch}.context_length": context_length,
        f"{arch}.embedding_length": embd,
        f"{arch}.block_count": layers,
        f"{arch}.attention.head_count": heads,
        f"{arch}.attention.head_count_kv": (
            Array(gguf.INT32, list(heads_kv)) if not isinstance(heads_kv, int) else heads_kv
        ),
        "tokenizer.ggml.model": "llama",
        "tokenizer.ggml.tokens": Array(gguf.STRING, [f"tok{i}" for i in range(vocab)]),
        "tokenizer.ggml.scores": Array(gguf.FLOAT32, [0.0] * vocab),
    }
    if file_type is not None:
        md["general.file_type"] = file_type
    if chat_template is not None:
        md["tokenizer.chat_template"] = chat_template
    tensors = [Tensor("token_embd.weight", (embd, vocab), tensor_type)]
    for i in range(layers):
        tensors.append(Tensor(f"blk.{i}.attn_norm.weight", (embd,), GGML_F32))
        tensors.append(Tensor(f"blk.{i}.attn_q.weight", (embd, embd), tensor_type))
    return GGUFBuilder(md, tensors)
