"""Embedding models: text in, a unit-length float32 vector out, through llama.cpp or a fake.

An embedding model (a BERT-like GGUF) is loaded on its own, beside the chat model, and is
small. Measured on 2 shared cores (tools/bench_documents.py prints the figures): one text per
call is faster than packing several into one llama.cpp batch, one thread with flash attention
is faster than two (and leaves a core to the window and the chat model), so that is the
default. A text longer than the model's window is cut at the window, not refused.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop_app.core.errors import EngineError
from desktop_app.core.safe_text import safe_text

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbedderInfo:
    path: Path
    name: str
    dimensions: int
    n_ctx: int  # tokens read per text; the rest of a longer text is ignored


class Embedder(Protocol):
    """Loads one embedding model; `embed` returns an (n, dimensions) float32 array of unit rows.

    Not thread-safe: share one through documents.embedding.SharedEmbedder.
    """

    @property
    def info(self) -> EmbedderInfo | None: ...

    def load(self, path: Path) -> EmbedderInfo: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def unload(self) -> None: ...


def _normalised(rows: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)


class LlamaEmbedder:
    """llama_cpp.Llama(embedding=True) with the model's own pooling (mean for MiniLM, CLS for BGE...)."""

    def __init__(self, n_threads: int = 1) -> None:
        self._llm = None
        self._info: EmbedderInfo | None = None
        self._n_threads = n_threads

    @property
    def info(self) -> EmbedderInfo | None:
        return self._info

    def load(self, path: Path) -> EmbedderInfo:
        from desktop_app.core.models.gguf import read_gguf_info

        path = Path(path)
        header = read_gguf_info(path)  # ModelFileError for a missing, non-GGUF or truncated file
        self.unload()
        import llama_cpp

        n_ctx = min(header.context_length or 512, 8192)
        settings = dict(model_path=str(path), embedding=True, n_ctx=n_ctx, n_batch=n_ctx, n_ubatch=n_ctx,
                        n_threads=self._n_threads, n_threads_batch=self._n_threads, n_gpu_layers=0, verbose=False)
        try:
            try:
                llm = llama_cpp.Llama(**settings, flash_attn=True)
            except (ValueError, RuntimeError):
                log.info("The embedding model %s refused flash attention; loading it without", path.name)
                llm = llama_cpp.Llama(**settings, flash_attn=False)
        except Exception as exc:  # ValueError, RuntimeError: llama.cpp refused the file
            log.warning("llama.cpp could not load the embedding model %s", path, exc_info=True)
            raise EngineError(f"llama.cpp could not load the embedding model {safe_text(path.name, 120)}") from exc
        self._llm = llm
        self._info = EmbedderInfo(path, header.name or path.stem, int(llm.n_embd()), llm.n_ctx())
        return self._info

    def embed(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if self._llm is None:
            raise EngineError("No embedding model is loaded.")
        rows = []
        for text in texts:
            # llama-cpp-python truncates to the window; an empty text still gets [CLS][SEP].
            rows.append(self._llm.embed(text or " ", normalize=False, truncate=True))
        return _normalised(np.asarray(rows, dtype=np.float32).reshape(len(texts), -1))

    def unload(self) -> None:
        llm, self._llm, self._info = self._llm, None, None
        if llm is not None:
            llm.close()


class FakeEmbedder:
    """Hashed bags of words and character pairs: similar texts get similar vectors, in microseconds.

    It honours the real contract: it checks the model file the same way (so tests load the real
    starter GGUF), returns unit float32 rows of fixed width, and reads at most `n_ctx` "tokens"
    (words or CJK characters) of a text. `calls` counts the texts embedded; `delay` slows each one.
    """

    def __init__(self, dimensions: int = 256, n_ctx: int = 512, delay: float = 0.0, check_files: bool = True) -> None:
        self.dimensions = dimensions
        self.n_ctx = n_ctx
        self.delay = delay
        self.check_files = check_files
        self.calls = 0
        self._info: EmbedderInfo | None = None

    @property
    def info(self) -> EmbedderInfo | None:
        return self._info

    def load(self, path: Path) -> EmbedderInfo:
        name = Path(path).stem
        if self.check_files:
            from desktop_app.core.models.gguf import read_gguf_info

            name = read_gguf_info(Path(path)).name or name
        self._info = EmbedderInfo(Path(path), name, self.dimensions, self.n_ctx)
        return self._info

    def embed(self, texts: list[str]) -> np.ndarray:
        import time

        import numpy as np

        if self._info is None:
            raise EngineError("No embedding model is loaded.")
        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            if self.delay:
                time.sleep(self.delay)
            self.calls += 1
            tokens = re.findall(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+", text.lower())[: self.n_ctx]
            features = tokens + [a + b for a, b in zip(tokens, tokens[1:]) if len(a) == len(b) == 1]
            for feature in features:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dimensions
                rows[row, index] += 1.0 if digest[4] & 1 else -1.0
            if not features:
                rows[row, 0] = 1.0
        return _normalised(rows)

    def unload(self) -> None:
        self._info = None

