from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from desktop_app.core.errors import ModelFileError
from desktop_app.core.models import gguf
from desktop_app.core.models.gguf import ArrayInfo, StringInfo, read_gguf_info
from tests.core.models.gguf_factory import GGML_F16, GGML_F32, GGML_Q6_K, GGUFBuilder, Tensor, llama_like


def _error(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- the real starter model ---------------------------------------------------------------


def test_starter_model_header_is_read(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    assert info.architecture == "gemma3"
    assert 250e6 < info.parameter_count < 300e6
    assert info.quantization == "Q4_K_M"
    assert info.context_length == 32768
    assert (info.block_count, info.embedding_length, info.head_count, info.head_count_kv) == (18, 640, 4, 1)
    assert (info.key_length, info.value_length) == (256, 256)
    assert info.chat_template is None and not info.is_instruct
    assert info.version == 3


def test_starter_vocabulary_is_summarised_not_materialised(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    assert info.metadata["tokenizer.ggml.tokens"] == ArrayInfo(gguf.STRING, 262144)
    assert isinstance(info.metadata["tokenizer.ggml.scores"], ArrayInfo)


def test_starter_tensor_data_ends_within_the_file(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    assert info.data_offset % 32 == 0
    assert info.data_offset + info.tensor_data_size <= info.file_size
    assert info.tensor_data_size > 0.9 * info.file_size


def test_starter_cut_in_half_is_reported_incomplete(starter_model_path: Path, tmp_path: Path) -> None:
    info = read_gguf_info(starter_model_path)
    cut = tmp_path / "half.gguf"
    with open(starter_model_path, "rb") as src, open(cut, "wb") as dst:
        dst.write(src.read(info.data_offset + 4096))
        dst.truncate(info.file_size // 2)  # sparse: no 125 MB copy

    message = _error(cut)

    assert "half.gguf is incomplete" in message
    assert "interrupted" in message


def test_starter_missing_its_last_byte_is_reported_incomplete(starter_model_path: Path, tmp_path: Path) -> None:
    info = read_gguf_info(starter_model_path)
    cut = tmp_path / "short.gguf"
    with open(starter_model_path, "rb") as src, open(cut, "wb") as dst:
        dst.write(src.read(info.data_offset))
        dst.truncate(info.data_offset + info.tensor_data_size - 1)

    assert "incomplete" in _error(cut)


# --- small generated files ----------------------------------------------------------------


def test_fields_come_from_architecture_keys(tmp_path: Path) -> None:
    builder = llama_like("Tiny", layers=3, embd=256, heads=8, heads_kv=2, context_length=4096)
    builder.metadata["llama.attention.key_length"] = 64

    info = read_gguf_info(builder.write(tmp_path / "tiny.gguf"))

    assert (info.architecture, info.name, info.context_length) == ("llama", "Tiny", 4096)
    assert (info.block_count, info.embedding_length, info.head_count, info.head_count_kv) == (3, 256, 8, 2)
    assert info.key_length == 64 and info.value_length is None
    assert info.parameter_count == 256 * 300 + 3 * (256 + 256 * 256)
    assert info.tensor_count == 1 + 2 * 3


def test_chat_template_marks_model_as_instruct(tmp_path: Path) -> None:
    template = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}"
    path = llama_like(chat_template=template).write(tmp_path / "chat.gguf")

    info = read_gguf_info(path)

    assert info.chat_template == template
    assert info.is_instruct


def test_name_falls_back_to_file_stem(tmp_path: Path) -> None:
    builder = llama_like()
    del builder.metadata["general.name"]

    assert read_gguf_info(builder.write(tmp_path / "my-model.Q4_K_M.gguf")).name == "my-model.Q4_K_M"


def test_per_layer_kv_heads_give_the_largest_and_the_list(tmp_path: Path) -> None:
    path = llama_like(layers=3, heads_kv=[1, 4, 2]).write(tmp_path / "elm.gguf")

    info = read_gguf_info(path)

    assert info.head_count_kv == 4
    assert info.head_count_kv_per_layer == (1, 4, 2)


def test_quantization_without_file_type_is_the_dominant_tensor_type(tmp_path: Path) -> None:
    builder = llama_like(file_type=None, tensor_type=GGML_Q6_K)

    assert read_gguf_info(builder.write(tmp_path / "m.gguf")).quantization == "Q6_K"


def test_guessed_file_type_flag_is_ignored(tmp_path: Path) -> None:
    builder = llama_like(file_type=1024 | 7)

    assert read_gguf_info(builder.write(tmp_path / "m.gguf")).quantization == "Q8_0"


def test_version_2_and_custom_alignment_are_read(tmp_path: Path) -> None:
    builder = llama_like(tensor_type=GGML_F16)
    builder.version = 2
    builder.alignment = 64
    builder.metadata["general.alignment"] = 64

    info = read_gguf_info(builder.write(tmp_path / "v2.gguf"))

    assert info.version == 2
    assert info.data_offset % 64 == 0
    assert info.data_offset + info.tensor_data_size == info.file_size


def test_metadata_is_read_only(tmp_path: Path) -> None:
    info = read_gguf_info(llama_like().write(tmp_path / "m.gguf"))

    with pytest.raises(TypeError):
        info.metadata["general.name"] = "changed"  # type: ignore[index]


def test_small_arrays_are_kept_and_long_ones_summarised(tmp_path: Path) -> None:
    builder = llama_like(vocab=gguf.MAX_KEPT_STRING_ARRAY + 1)
    builder.metadata["general.tags"] = ["a", "b"]

    info = read_gguf_info(builder.write(tmp_path / "m.gguf"))

    assert info.metadata["general.tags"] == ("a", "b")
    assert info.metadata["tokenizer.ggml.tokens"] == ArrayInfo(gguf.STRING, gguf.MAX_KEPT_STRING_ARRAY + 1)
    assert info.metadata["tokenizer.ggml.scores"] == tuple([0.0] * (gguf.MAX_KEPT_STRING_ARRAY + 1))


def test_huge_metadata_string_is_summarised(tmp_path: Path) -> None:
    builder = llama_like()
    builder.metadata["tokenizer.huggingface.json"] = "x" * (gguf.MAX_KEPT_STRING_BYTES + 1)

    info = read_gguf_info(builder.write(tmp_path / "m.gguf"))

    assert info.metadata["tokenizer.huggingface.json"] == StringInfo(gguf.MAX_KEPT_STRING_BYTES + 1)
    assert info.name == "Tiny Llama"


# --- files that are not (whole) GGUF models -----------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "nope.gguf")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.gguf"
    folder.mkdir()

    assert "is a folder" in _error(folder)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = llama_like().write(tmp_path / "locked.gguf")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(gguf, "open", refuse, raising=False)

    assert "Cannot read model file" in _error(path)
    assert "Permission denied" in _error(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.gguf"
    os.mkfifo(fifo)

    assert "not a regular file" in _error(fifo)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")

    assert "empty" in _error(path)


def test_text_file_is_not_a_gguf_model(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("these are my notes, not a model\n")

    assert "notes.gguf is not a GGUF model file" in _error(path)


def test_wrong_magic(tmp_path: Path) -> None:
    path = tmp_path / "ggml.bin"
    path.write_bytes(b"GGJT" + llama_like().build()[4:])

    assert "not a GGUF model file" in _error(path)


def test_big_endian_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "be.gguf"
    path.write_bytes(b"GGUF" + struct.pack(">IQQ", 3, 0, 0))

    assert "big-endian" in _error(path)


@pytest.mark.parametrize("version", [1, 4, 0xFFFF])
def test_unsupported_version(tmp_path: Path, version: int) -> None:
    builder = llama_like()
    builder.version = version

    assert "version" in _error(builder.write(tmp_path / "m.gguf"))


def test_header_cut_anywhere_is_an_error(tmp_path: Path) -> None:
    builder = llama_like(vocab=8, layers=1, embd=256, chat_template="{{ x }}")
    whole = builder.build()
    header_length = len(builder.header())
    path = tmp_path / "cut.gguf"

    for cut in range(0, header_length + 40):
        path.write_bytes(whole[:cut])
        with pytest.raises(ModelFileError) as caught:
            read_gguf_info(path)
        assert "\n" not in str(caught.value), cut


def test_absurd_string_length_is_an_error_not_an_allocation(tmp_path: Path) -> None:
    counts = struct.pack("<IQQ", 3, 0, 1)
    key = struct.pack("<Q", 2**62) + b"general.name"
    path = tmp_path / "huge.gguf"
    path.write_bytes(b"GGUF" + counts + key)

    assert "incomplete or damaged" in _error(path)


@pytest.mark.parametrize("field", ["tensor_count", "kv_count"])
def test_absurd_counts_fail_fast(tmp_path: Path, field: str) -> None:
    tensor_count, kv_count = (2**63, 0) if field == "tensor_count" else (0, 2**63)
    path = tmp_path / "counts.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, tensor_count, kv_count) + b"\0" * 64)

    assert "incomplete or damaged" in _error(path)


def test_absurd_array_length_fails_fast(tmp_path: Path) -> None:
    entry = struct.pack("<Q", 6) + b"tokens" + struct.pack("<IIQ", gguf.ARRAY, gguf.STRING, 2**60)
    path = tmp_path / "array.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + entry + b"\0" * 64)

    assert "incomplete or damaged" in _error(path)


def test_unknown_value_type(tmp_path: Path) -> None:
    entry = struct.pack("<Q", 13) + b"general.weird" + struct.pack("<I", 13) + b"\0" * 8
    path = tmp_path / "weird.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + entry + b"\0" * 32)

    assert "unknown value type 13" in _error(path)


def test_unknown_tensor_type_is_read_with_its_size_unknown(tmp_path: Path) -> None:
    builder = GGUFBuilder({"general.architecture": "llama"}, [Tensor("w", (32,), GGML_F32)])
    data = bytearray(builder.build())
    type_at = len(builder.header()) - 12  # the tensor's type, before its u64 offset
    data[type_at : type_at + 4] = struct.pack("<I", 250)
    path = tmp_path / "future.gguf"
    path.write_bytes(bytes(data))

    info = read_gguf_info(path)

    assert info.unknown_tensor_types == (250,) and not info.sizes_known
    assert info.parameter_count == 32  # the shape is known even when the type is not
    assert info.quantization == "type 250"
    assert info.tensor_data_size == info.file_size - info.data_offset  # the whole data section, as a guess


def test_unknown_tensor_type_starting_past_the_end_is_incomplete(tmp_path: Path) -> None:
    builder = GGUFBuilder({}, [Tensor("w", (32,), GGML_F32)])
    data = bytearray(builder.build())
    data[len(builder.header()) - 12 : len(builder.header())] = struct.pack("<IQ", 250, 10_000)
    path = tmp_path / "future.gguf"
    path.write_bytes(bytes(data))

    assert "incomplete" in _error(path)


@pytest.mark.parametrize("length", [2**63, 2**64 - 1])
def test_vocabulary_string_length_past_2_63_is_a_damaged_file_not_an_overflow(tmp_path: Path, length: int) -> None:
    builder = llama_like(vocab=gguf.MAX_KEPT_STRING_ARRAY + 10)  # long enough to be skipped, not kept
    data = bytearray(builder.build())
    token = data.index(b"tok3")
    data[token - 8 : token] = struct.pack("<Q", length)
    path = tmp_path / "overflow.gguf"
    path.write_bytes(bytes(data))

    assert "overflow.gguf is incomplete or damaged" in _error(path)


def test_general_name_is_shown_without_terminal_escapes_and_capped(tmp_path: Path) -> None:
    escaped = llama_like("\x1b]0;owned\x07\x1b[2J\x1b[31mEvil\x1b[0m\r\nModel\u202e")
    long = llama_like("N" * 14_700)

    escaped_name = read_gguf_info(escaped.write(tmp_path / "escaped.gguf")).name
    long_name = read_gguf_info(long.write(tmp_path / "long.gguf")).name

    assert escaped_name == "Evil Model"
    assert len(long_name) <= 80 and long_name.endswith("…")


def test_huge_metadata_key_in_an_error_is_quoted_short_and_clean(tmp_path: Path) -> None:
    key = ("\x1b[2J" + "k" * 14_700).encode()
    entry = struct.pack("<Q", len(key)) + key + struct.pack("<I", 13) + b"\0" * 8
    path = tmp_path / "weird.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + entry + b"\0" * 32)

    message = _error(path)

    assert "unknown value type 13" in message
    assert len(message) < 250 and "\x1b" not in message


def test_rows_that_do_not_fill_whole_blocks(tmp_path: Path) -> None:
    builder = GGUFBuilder({}, [Tensor("w", (256, 2), GGML_Q6_K)])
    data = bytearray(builder.build())
    dims_at = len(builder.header()) - 12 - 16  # the first dimension, before the second, type and offset
    data[dims_at : dims_at + 8] = struct.pack("<Q", 100)
    path = tmp_path / "rows.gguf"
    path.write_bytes(bytes(data))

    assert "whole Q6_K blocks" in _error(path)


def test_too_many_dimensions(tmp_path: Path) -> None:
    builder = GGUFBuilder({}, [Tensor("w", (2, 2, 2, 2, 2), GGML_F32)])
    path = tmp_path / "dims.gguf"
    path.write_bytes(builder.build())

    assert "5 dimensions" in _error(path)


def test_bad_alignment(tmp_path: Path) -> None:
    builder = llama_like()
    builder.metadata["general.alignment"] = 48

    assert "alignment" in _error(builder.write(tmp_path / "m.gguf"))
