"""Will a catalogue model fit, before its GGUF header is on this computer?

Without the header there is no layer or head count, so the KV cache is estimated from the
parameter count: KV_BYTES_PER_PARAM_PER_TOKEN is the largest ratio among the catalogue's own
families at f16 (Qwen3 4B and Gemma 3 4B need about 36 kB per token per billion parameters;
Qwen2.5 7B 7.5 kB, Llama 3.1 8B 16 kB), so the figure is an upper bound like fit.py's. The
weights are the file size; the overhead is fit.py's fixed part plus its attention scratch for
a typical 32 heads. Once downloaded, the library's badge (from the header) replaces this one.
"""

from __future__ import annotations

from desktop_app.core.models.catalogue import CatalogueEntry
from desktop_app.core.models.fit import (
    BASE_OVERHEAD_BYTES,
    MICRO_BATCH,
    SCORE_BYTES,
    MemoryEstimate,
    Verdict,
    verdict_for,
)

KV_BYTES_PER_PARAM_PER_TOKEN = 36e-6  # 36 kB per billion parameters per token of context
TYPICAL_HEADS = 32


def estimate_catalogue_memory(entry: CatalogueEntry, n_ctx: int) -> MemoryEstimate:
    n_ctx = min(n_ctx, entry.context_length) if entry.context_length > 0 else n_ctx
    return MemoryEstimate(
        n_ctx=n_ctx,
        weights_bytes=entry.size_bytes,
        kv_cache_bytes=int(entry.parameters * KV_BYTES_PER_PARAM_PER_TOKEN * n_ctx),
        overhead_bytes=BASE_OVERHEAD_BYTES + MICRO_BATCH * n_ctx * TYPICAL_HEADS * SCORE_BYTES,
    )


def catalogue_verdict(
    entry: CatalogueEntry, n_ctx: int, ram_available_bytes: int | None, gpu_free_bytes: int = 0
) -> tuple[Verdict, MemoryEstimate]:
    estimate = estimate_catalogue_memory(entry, n_ctx)
    available = None if ram_available_bytes is None else ram_available_bytes + max(0, gpu_free_bytes)
    return verdict_for(estimate.total_bytes, available), estimate
