"""Read what a GGUF model file says about itself, fast and without trusting it.

The header is parsed from a read-only mmap with struct.unpack_from, so a 250k-token vocabulary
is skipped in a few tens of milliseconds instead of being turned into Python objects. Every
count and length is checked against the bytes that remain, so a damaged file gives a
ModelFileError with a one-line message, never a MemoryError, a hang or a struct.error.
Names and keys from the file are quoted through safe_text, so a message never carries raw bytes
or terminal escapes. A header that parses is then checked against what llama.cpp would abort on
(core/models/sanity.py).
Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (versions 2 and 3).
"""

from __future__ import annotations

import mmap
import stat
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from desktop_app.core.errors import ModelFileError
from desktop_app.core.models.ggml_types import GGML_TYPES, LLAMA_FTYPE_GUESSED, LLAMA_FTYPES
from desktop_app.core.safe_text import DETAIL_LIMIT, NAME_LIMIT, safe_text

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 4  # GGML_MAX_DIMS

# GGUF metadata value types.
UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
_SCALAR_FORMATS = {
    UINT8: "B", INT8: "b", UINT16: "H", INT16: "h", UINT32: "I", INT32: "i",
    FLOAT32: "f", BOOL: "?", UINT64: "Q", INT64: "q", FLOAT64: "d",
}  # fmt: skip
_SCALAR_STRUCTS = {t: struct.Struct("<" + f) for t, f in _SCALAR_FORMATS.items()}
VALUE_TYPE_NAMES = {
    UINT8: "uint8", INT8: "int8", UINT16: "uint16", INT16: "int16", UINT32: "uint32", INT32: "int32",
    FLOAT32: "float32", BOOL: "bool", STRING: "string", ARRAY: "array", UINT64: "uint64",
    INT64: "int64", FLOAT64: "float64",
}  # fmt: skip

# Arrays up to these lengths are kept as tuples (per-layer head counts, small lists);
# longer ones (the vocabulary, merges, token scores) become an ArrayInfo placeholder.
MAX_KEPT_NUMBER_ARRAY = 4096
MAX_KEPT_STRING_ARRAY = 64
MAX_ARRAY_NESTING = 8
# Metadata strings longer than this (an embedded tokenizer.json, say) become a StringInfo placeholder.
MAX_KEPT_STRING_BYTES = 1024 * 1024

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


@dataclass(frozen=True)
class ArrayInfo:
    """Stands in for a metadata array too long to be worth materialising."""

    type: int  # GGUF value type of the elements
    length: int

    @property
    def type_name(self) -> str:
        return VALUE_TYPE_NAMES.get(self.type, str(self.type))


@dataclass(frozen=True)
class StringInfo:
    """Stands in for a metadata string too long to be worth decoding."""

    length: int  # bytes


@dataclass(frozen=True)
class TensorInfo:
    """One entry of the tensor list: where a weight lives in the data section and its shape."""

    name: str
    dims: tuple[int, ...]
    type: int  # ggml_type id
    offset: int  # from the start of the data section

    @property
    def nbytes(self) -> int | None:
        """Bytes of data, or None for a tensor type Inkstone's tables do not list."""
        ggml_type = GGML_TYPES.get(self.type)
        if ggml_type is None:
            return None
        n_elements = 1
        for d in self.dims:
            n_elements *= d
        return n_elements // ggml_type.block_elements * ggml_type.block_bytes


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    file_size: int
    version: int
    tensor_count: int
    metadata: Mapping[str, Any]
    architecture: str
    name: str  # general.name (made safe to show, at most NAME_LIMIT characters), or the file stem
    parameter_count: int  # summed from tensor shapes
    quantization: str  # "Q4_K_M" from general.file_type, else the type holding most weights
    context_length: int | None  # the context the model was trained for
    block_count: int | None
    embedding_length: int | None
    head_count: int | None  # the largest, when the file gives one per layer
    head_count_kv: int | None  # the largest, when the file gives one per layer
    key_length: int | None
    value_length: int | None
    chat_template: str | None
    data_offset: int
    tensor_data_size: int
    head_count_kv_per_layer: tuple[int, ...] | None = None  # when the file gives one per layer
    sliding_window: int | None = None
    split_count: int = 1  # > 1 for one shard of a model split over several files
    block_data_size: int = 0  # bytes of the repeating layers ("blk.N.*"), what GPU offload moves per layer
    # Tensor types missing from ggml_types (a quantisation newer than Inkstone): their sizes are
    # unknown, so tensor_data_size is the whole data section and the memory fit is "unknown".
    unknown_tensor_types: tuple[int, ...] = ()

    @property
    def sizes_known(self) -> bool:
        return not self.unknown_tensor_types

    @property
    def is_instruct(self) -> bool:
        """A chat template is the best sign a model was tuned to follow a conversation."""
        return bool(self.chat_template)

    def arch_value(self, key: str) -> Any:
        """metadata[f"{architecture}.{key}"], or None."""
        return self.metadata.get(f"{self.architecture}.{key}")


class _Overrun(Exception):
    """The header asks for bytes past the end of the file."""


class _Malformed(Exception):
    """The header holds a value no valid GGUF file has."""


def read_gguf_info(path: str | Path) -> GGUFInfo:
    """Parse a GGUF file's header and check its tensor data is all there.

    Raises ModelFileError (one-line message) for a missing, unreadable, non-GGUF, damaged or
    truncated file.
    """
    path = Path(path)
    label = safe_text(path.name or str(path), PATH_LIMIT)
    shown = safe_text(path, PATH_LIMIT)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ModelFileError(f"Model file not found: {shown}") from None
    except OSError as exc:
        raise ModelFileError(f"Cannot read model file {shown}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise ModelFileError(f"{shown} is a folder, not a GGUF model file")
    if not stat.S_ISREG(st.st_mode):
        raise ModelFileError(f"{shown} is not a regular file, so not a GGUF model file")
    if st.st_size == 0:
        raise ModelFileError(f"{label} is empty, not a GGUF model file")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            _check_magic(head, label)
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                return _parse(buf, path, label, len(buf))
    except ModelFileError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: mmap of a special file
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ModelFileError(f"Cannot read model file {shown}: {reason}") from exc


def _check_magic(head: bytes, label: str) -> None:
    if head[:4] != GGUF_MAGIC:
        raise ModelFileError(f"{label} is not a GGUF model file (it does not start with the GGUF signature)")
    if len(head) < 8:
        raise ModelFileError(_overrun_message(label, "the version number is missing"))
    version = _U32.unpack_from(head, 4)[0]
    if version not in SUPPORTED_VERSIONS:
        if struct.unpack_from(">I", head, 4)[0] in SUPPORTED_VERSIONS:
            raise ModelFileError(f"{label} is a big-endian GGUF file, which Inkstone does not support")
        if version == 1:
            raise ModelFileError(f"{label} uses the old GGUF version 1; convert it again with a recent llama.cpp")
        raise ModelFileError(f"{label} uses GGUF version {version}; Inkstone reads versions 2 and 3")


PATH_LIMIT = 200  # a file name or path quoted in a message


def _quoted(name: object) -> str:
    """A key, tensor name or value from the file, as it may appear inside a message."""
    return safe_text(name, DETAIL_LIMIT) or "(empty)"


def _overrun_message(label: str, detail: str) -> str:
    return f"{label} is incomplete or damaged: {detail} (was the download interrupted?)"


def _parse(buf: mmap.mmap, path: Path, label: str, file_size: int) -> GGUFInfo:
    reader = _HeaderReader(buf, file_size)
    try:
        version, tensor_count, kv_count = reader.preamble()
        metadata = reader.metadata(kv_count)
        alignment = _alignment(metadata)
        tensors = reader.tensor_infos(tensor_count)
        header_end = reader.pos
    except _Overrun as exc:
        raise ModelFileError(_overrun_message(label, f"the header ends early ({exc})")) from None
    except _Malformed as exc:
        raise ModelFileError(f"{label} is damaged: {exc}") from None
    except (struct.error, IndexError, OverflowError) as exc:  # a bound we did not foresee; still damaged
        raise ModelFileError(_overrun_message(label, "the header ends early")) from exc

    data_offset = -(-header_end // alignment) * alignment
    parameter_count = 0
    data_size = 0
    weight_by_type: dict[int, int] = {}
    block_data_size = 0
    unknown_types: set[int] = set()
    for tensor in tensors:
        n_elements = 1
        for d in tensor.dims:
            n_elements *= d
        parameter_count += n_elements
        weight_by_type[tensor.type] = weight_by_type.get(tensor.type, 0) + n_elements
        ggml_type = GGML_TYPES.get(tensor.type)
        if ggml_type is None:  # newer than our tables: llama.cpp may know it, so only its size is unknown
            unknown_types.add(tensor.type)
            data_size = max(data_size, tensor.offset)  # it starts in the file, at least
            continue
        if tensor.dims and tensor.dims[0] % ggml_type.block_elements:
            raise ModelFileError(
                f"{label} is damaged: the rows of tensor {_quoted(tensor.name)} do not fill whole "
                f"{ggml_type.name} blocks"
            )
        nbytes = n_elements // ggml_type.block_elements * ggml_type.block_bytes
        data_size = max(data_size, tensor.offset + nbytes)
        if tensor.name.startswith("blk."):
            block_data_size += nbytes
    needed = data_offset + data_size
    if needed > file_size:
        raise ModelFileError(
            f"{label} is incomplete: it has {_mb(file_size)} of the {_mb(needed)} its tensors need "
            "(was the download interrupted?)"
        )
    if unknown_types:
        data_size = file_size - data_offset
        block_data_size = 0
    info = _build_info(
        path, file_size, version, tensor_count, metadata, parameter_count, weight_by_type,
        data_offset, data_size, block_data_size, tuple(sorted(unknown_types)),
    )  # fmt: skip
    from desktop_app.core.models.sanity import check_loadable  # it reads GGUFInfo: imported here, not at the top

    check_loadable(info, tensors, label)
    return info


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n:,} bytes"


def _alignment(metadata: dict[str, Any]) -> int:
    value = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0 or value & (value - 1):
        raise _Malformed(f"general.alignment is {_quoted(repr(value))}, not a power of two")
    return value


class _HeaderReader:
    """A cursor over the mmap; every read is bounds-checked against the file size."""

    def __init__(self, buf: mmap.mmap, size: int) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0

    def _need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise _Overrun(f"while reading {what}")

    def _count(self, count: int, min_item_size: int, what: str) -> None:
        """Refuse counts that could not fit in the rest of the file before looping over them."""
        if count * min_item_size > self.size - self.pos:
            raise _Overrun(f"{what} claims {count:,} entries")

    def u32(self, what: str) -> int:
        self._need(4, what)
        value = _U32.unpack_from(self.buf, self.pos)[0]
        self.pos += 4
        return value

    def u64(self, what: str) -> int:
        self._need(8, what)
        value = _U64.unpack_from(self.buf, self.pos)[0]
        self.pos += 8
        return value

    def string(self, what: str) -> str:
        length = self.u64(what)
        self._need(length, what)
        if length > MAX_KEPT_STRING_BYTES:
            raise _Malformed(f"{what} is {length:,} bytes long")
        raw = self.buf[self.pos : self.pos + length]
        self.pos += length
        return raw.decode("utf-8", errors="replace")

    def preamble(self) -> tuple[int, int, int]:
        self.pos = 4
        version = self.u32("the version")
        tensor_count = self.u64("the tensor count")
        kv_count = self.u64("the metadata count")
        return version, tensor_count, kv_count

    def metadata(self, kv_count: int) -> dict[str, Any]:
        self._count(kv_count, 8 + 4 + 1, "the metadata")
        values: dict[str, Any] = {}
        for _ in range(kv_count):
            key = self.string("a metadata key")
            value_type = self.u32(f"the type of {_quoted(key)}")
            values[key] = self.value(value_type, key)
        return MappingProxyType(values)  # type: ignore[return-value]

    def value(self, value_type: int, key: str) -> Any:
        fmt = _SCALAR_STRUCTS.get(value_type)
        if fmt is not None:
            self._need(fmt.size, _quoted(key))
            value = fmt.unpack_from(self.buf, self.pos)[0]
            self.pos += fmt.size
            return value
        if value_type == STRING:
            length = self.u64(_quoted(key))
            self._need(length, _quoted(key))
            if length > MAX_KEPT_STRING_BYTES:
                self.pos += length
                return StringInfo(length)
            self.pos -= 8
            return self.string(key)
        if value_type == ARRAY:
            return self.array(key)
        raise _Malformed(f"metadata {_quoted(key)} has unknown value type {value_type}")

    def array(self, key: str, depth: int = 0) -> tuple[Any, ...] | ArrayInfo:
        shown = _quoted(key)
        if depth > MAX_ARRAY_NESTING:
            raise _Malformed(f"metadata {shown} nests arrays {depth} deep")
        item_type = self.u32(f"the element type of {shown}")
        length = self.u64(f"the length of {shown}")
        fmt = _SCALAR_STRUCTS.get(item_type)
        if fmt is not None:
            self._need(length * fmt.size, shown)
            if length <= MAX_KEPT_NUMBER_ARRAY:
                values = struct.unpack_from(f"<{length}{_SCALAR_FORMATS[item_type]}", self.buf, self.pos)
                self.pos += length * fmt.size
                return values
            self.pos += length * fmt.size
            return ArrayInfo(item_type, length)
        if item_type == STRING:
            self._count(length, 8, shown)
            if length <= MAX_KEPT_STRING_ARRAY:
                return tuple(self.string(shown) for _ in range(length))
            self.pos = _skip_strings(self.buf, self.pos, length, self.size, shown)
            return ArrayInfo(item_type, length)
        if item_type == ARRAY:
            self._count(length, 4 + 8, shown)
            for _ in range(length):
                self.array(key, depth + 1)
            return ArrayInfo(item_type, length)
        raise _Malformed(f"metadata {shown} is an array of unknown type {item_type}")

    def tensor_infos(self, tensor_count: int) -> list[TensorInfo]:
        self._count(tensor_count, 8 + 4 + 4 + 8, "the tensor list")
        tensors = []
        for _ in range(tensor_count):
            name = self.string("a tensor name")
            shown = _quoted(name)
            n_dims = self.u32(f"the shape of {shown}")
            if n_dims > MAX_DIMS:
                raise _Malformed(f"tensor {shown} has {n_dims} dimensions (at most {MAX_DIMS} allowed)")
            self._need(8 * n_dims, f"the shape of {shown}")
            dims = struct.unpack_from(f"<{n_dims}Q", self.buf, self.pos)
            self.pos += 8 * n_dims
            type_id = self.u32(f"the type of {shown}")
            offset = self.u64(f"the offset of {shown}")
            tensors.append(TensorInfo(name, dims, type_id, offset))
        return tensors


def _skip_strings(buf: mmap.mmap, pos: int, count: int, size: int, key: str) -> int:
    """Walk past `count` length-prefixed strings; the hot loop of reading a vocabulary."""
    unpack = _U64.unpack_from
    try:
        for _ in range(count):
            pos += 8 + unpack(buf, pos)[0]
    except (struct.error, OverflowError):  # a length field past the end (or past 2**63): unpack_from checks
        raise _Overrun(f"while reading {key}") from None
    if pos > size:
        raise _Overrun(f"while reading {key}")
    return pos


def _build_info(
    path: Path,
    file_size: int,
    version: int,
    tensor_count: int,
    metadata: Mapping[str, Any],
    parameter_count: int,
    weight_by_type: dict[int, int],
    data_offset: int,
    data_size: int,
    block_data_size: int,
    unknown_tensor_types: tuple[int, ...],
) -> GGUFInfo:
    arch = metadata.get("general.architecture")
    arch = arch if isinstance(arch, str) and arch else "unknown"
    raw_name = metadata.get("general.name")
    name = (safe_text(raw_name, NAME_LIMIT) if isinstance(raw_name, str) else "") or safe_text(path.stem, NAME_LIMIT)

    def arch_int(key: str) -> int | None:
        return _as_int(metadata.get(f"{arch}.{key}"))

    kv_raw = metadata.get(f"{arch}.attention.head_count_kv")
    per_layer = tuple(kv_raw) if isinstance(kv_raw, tuple) and all(_is_int(v) for v in kv_raw) else None
    template = metadata.get("tokenizer.chat_template")
    split_count = _as_int(metadata.get("split.count")) or 1
    return GGUFInfo(
        path=path,
        file_size=file_size,
        version=version,
        tensor_count=tensor_count,
        metadata=metadata,
        architecture=arch,
        name=name,
        parameter_count=parameter_count,
        quantization=_quantization(metadata, weight_by_type),
        context_length=arch_int("context_length"),
        block_count=arch_int("block_count"),
        embedding_length=arch_int("embedding_length"),
        head_count=arch_int("attention.head_count"),
        head_count_kv=_as_int(kv_raw),
        key_length=arch_int("attention.key_length"),
        value_length=arch_int("attention.value_length"),
        chat_template=template if isinstance(template, str) and template.strip() else None,
        data_offset=data_offset,
        tensor_data_size=data_size,
        head_count_kv_per_layer=per_layer,
        sliding_window=arch_int("attention.sliding_window"),
        split_count=split_count,
        block_data_size=block_data_size,
        unknown_tensor_types=unknown_tensor_types,
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_int(value: Any) -> int | None:
    """An int field; for a per-layer tuple, its largest entry (an upper bound is what callers need)."""
    if _is_int(value):
        return value
    if isinstance(value, tuple) and value and all(_is_int(v) for v in value):
        return max(value)
    return None


def _quantization(metadata: Mapping[str, Any], weight_by_type: dict[int, int]) -> str:
    file_type = metadata.get("general.file_type")
    if _is_int(file_type):
        known = LLAMA_FTYPES.get(file_type & ~LLAMA_FTYPE_GUESSED)
        if known:
            return known
    if not weight_by_type:
        return "unknown"
    dominant = max(weight_by_type, key=weight_by_type.__getitem__)
    known = GGML_TYPES.get(dominant)
    return known.name if known else f"type {dominant}"


def describe_size(info: GGUFInfo) -> str:
    """'268M params, Q4_K_M' — a short label for lists."""
    n = info.parameter_count
    params = f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"
    return f"{params} params, {info.quantization}"


__all__ = ["ArrayInfo", "GGUFInfo", "ModelFileError", "StringInfo", "TensorInfo", "describe_size", "read_gguf_info"]
