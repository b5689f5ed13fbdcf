"""Write tiny valid GGUF files with struct, so tests need neither the gguf package nor a big model;
and rewrite the header of an existing file (the starter) to make one value wrong."""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
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


# -- rewriting the header of an existing file (the starter) ----------------------------------
# The header is kept value by value as raw bytes, so one value can be changed and the rest
# written back exactly as it was.


@dataclass
class RawKV:
    key: bytes
    vtype: int
    raw: bytes  # the encoded value, without key and type


@dataclass
class RawTensor:
    name: bytes
    dims: tuple[int, ...]
    type: int
    offset: int


@dataclass
class RawHeader:
    version: int
    kvs: list[RawKV]
    tensors: list[RawTensor]
    data_offset: int

    def copy(self) -> RawHeader:
        return RawHeader(self.version, list(self.kvs), list(self.tensors), self.data_offset)

    def index(self, key: str) -> int | None:
        wanted = key.encode()
        return next((i for i, kv in enumerate(self.kvs) if kv.key == wanted), None)

    def set(self, key: str, value: object) -> None:
        encoded = encode_kv(key, value)
        start = 8 + len(key.encode())
        kv = RawKV(key.encode(), struct.unpack_from("<I", encoded, start)[0], encoded[start + 4 :])
        i = self.index(key)
        if i is None:
            self.kvs.append(kv)
        else:
            self.kvs[i] = kv

    def remove(self, key: str) -> None:
        i = self.index(key)
        if i is not None:
            del self.kvs[i]

    def truncate_array(self, key: str, n: int) -> None:
        """Keep the first n items of an array (strings or numbers)."""
        i = self.index(key)
        if i is None:
            return
        raw = self.kvs[i].raw
        item_type = struct.unpack_from("<I", raw)[0]
        fmt = gguf._SCALAR_STRUCTS.get(item_type)
        pos = 12
        if fmt is not None:
            pos += n * fmt.size
        else:
            for _ in range(n):
                pos += 8 + struct.unpack_from("<Q", raw, pos)[0]
        self.kvs[i] = RawKV(self.kvs[i].key, gguf.ARRAY, struct.pack("<IQ", item_type, n) + raw[12:pos])

    def scalar(self, key: str) -> object:
        kv = self.kvs[self.index(key)]  # type: ignore[index]
        return struct.unpack_from("<" + gguf._SCALAR_FORMATS[kv.vtype], kv.raw)[0]

    def encode(self, n_kv: int | None = None, n_tensors: int | None = None) -> bytes:
        out = [b"GGUF", struct.pack("<IQQ", self.version, len(self.tensors) if n_tensors is None else n_tensors,
                                    len(self.kvs) if n_kv is None else n_kv)]
        for kv in self.kvs:
            out += [struct.pack("<Q", len(kv.key)), kv.key, struct.pack("<I", kv.vtype), kv.raw]
        for t in self.tensors:
            out += [struct.pack("<Q", len(t.name)), t.name, struct.pack("<I", len(t.dims))]
            out += [struct.pack(f"<{len(t.dims)}Q", *t.dims), struct.pack("<IQ", t.type, t.offset)]
        return b"".join(out)


def parse_header(buf: bytes) -> RawHeader:
    """The header at the start of `buf` (enough bytes of a GGUF file to hold it)."""
    pos = 4
    version, n_tensors, n_kv = struct.unpack_from("<IQQ", buf, pos)
    pos += 20

    def string_end(p: int) -> int:
        return p + 8 + struct.unpack_from("<Q", buf, p)[0]

    def value_end(vtype: int, p: int) -> int:
        fmt = gguf._SCALAR_STRUCTS.get(vtype)
        if fmt is not None:
            return p + fmt.size
        if vtype == gguf.STRING:
            return string_end(p)
        item_type, n = struct.unpack_from("<IQ", buf, p)
        p += 12
        item = gguf._SCALAR_STRUCTS.get(item_type)
        if item is not None:
            return p + n * item.size
        for _ in range(n):
            p = value_end(item_type, p)
        return p

    kvs = []
    for _ in range(n_kv):
        end = string_end(pos)
        key = buf[pos + 8 : end]
        vtype = struct.unpack_from("<I", buf, end)[0]
        vend = value_end(vtype, end + 4)
        kvs.append(RawKV(key, vtype, buf[end + 4 : vend]))
        pos = vend
    tensors = []
    for _ in range(n_tensors):
        end = string_end(pos)
        name = buf[pos + 8 : end]
        n_dims = struct.unpack_from("<I", buf, end)[0]
        dims = struct.unpack_from(f"<{n_dims}Q", buf, end + 4)
        pos = end + 4 + 8 * n_dims
        ttype, offset = struct.unpack_from("<IQ", buf, pos)
        pos += 12
        tensors.append(RawTensor(name, dims, ttype, offset))
    return RawHeader(version, kvs, tensors, -(-pos // 32) * 32)




def read_header(path: Path) -> RawHeader:
    with open(path, "rb") as f:
        return parse_header(f.read(64 * 1024 * 1024))


def rewrite(
    source: Path, dest: Path, change: Callable[[RawHeader], None], header: RawHeader | None = None
) -> Path:
    """Copy `source` with `change` applied to its header (`header`: source's, already read); the data
    section is left sparse (zeros): header checks never read it, and a 250 MB model costs a few MB."""
    header = (header or read_header(source)).copy()
    data_size = source.stat().st_size - header.data_offset
    change(header)
    encoded = header.encode()
    encoded += b"\0" * (-len(encoded) % 32)
    with open(dest, "wb") as f:
        f.write(encoded)
        f.truncate(len(encoded) + data_size)
    return dest
