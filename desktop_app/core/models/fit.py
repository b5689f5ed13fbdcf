"""Will this model fit? An upper-bound memory estimate from GGUF metadata, and what to trim if not.

    total = weights + kv_cache + overhead
    weights  = the tensor data size (llama.cpp maps the file and keeps it all resident)
    kv_cache = n_ctx * sum over layers of n_head_kv * (key_length + value_length) * 2 bytes (f16)
               key_length defaults to embedding_length / head_count, value_length to key_length,
               n_head_kv to head_count. Sliding-window layers are counted at full size: that is
               what llama-cpp-python allocates by default (swa_full), and an upper bound anyway.
    overhead = 256 MiB (llama.cpp context, output buffers, the interpreter and Qt)
               + 512 * n_ctx * head_count * 4 bytes (the f32 attention scores for one
               512-token micro-batch, llama.cpp's largest context-dependent scratch buffer)

For the starter (Gemma 3 270M Q4_K_M) at n_ctx 2048 the KV figure equals llama.cpp's own log
(36 MiB); the total (about 560 MB) is above the 390 MB peak RSS measured, as an upper bound should be.

Verdict: "won't fit" when the total exceeds what is available (free RAM + the GPU memory the
caller says is free); "tight" when it fits but leaves less than 15 % of the available memory or
less than 1 GiB free; otherwise "fits". "unknown" when free RAM cannot be measured, or when the
file holds a tensor type Inkstone's tables do not list (a newer quantisation): its weights' size
is then unknown, though llama.cpp may load it fine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from desktop_app.core.models import system_memory
from desktop_app.core.models.gguf import GGUFInfo

MiB = 1024**2
GiB = 1024**3
KV_BYTES_PER_ELEMENT = 2  # f16, llama.cpp's default cache type
BASE_OVERHEAD_BYTES = 256 * MiB
MICRO_BATCH = 512  # llama.cpp's default n_ubatch
SCORE_BYTES = 4  # f32 attention scores
GPU_RESERVE_BYTES = 256 * MiB  # driver context and buffers llama.cpp allocates on the device
TIGHT_FRACTION = 0.15
TIGHT_BYTES = 1 * GiB
CONTEXT_STEP = 256
FALLBACK_MAX_CONTEXT = 131072  # when the file does not say what it was trained for


class Verdict(str, Enum):
    FITS = "fits"
    TIGHT = "tight"
    WONT_FIT = "won't fit"
    UNKNOWN = "unknown"  # free memory could not be measured, or the weights' size is unknown


@dataclass(frozen=True)
class MemoryEstimate:
    n_ctx: int
    weights_bytes: int
    kv_cache_bytes: int
    overhead_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_cache_bytes + self.overhead_bytes


@dataclass(frozen=True)
class FitReport:
    estimate: MemoryEstimate
    ram_available_bytes: int | None
    gpu_free_bytes: int
    verdict: Verdict
    headroom_bytes: int | None  # available - needed; negative when it will not fit
    largest_context: int  # the largest context that is not "won't fit"; 0 if none or RAM unknown
    comfortable_context: int  # the largest context whose verdict is "fits"
    gpu_layers: int  # for n_gpu_layers; block_count + 1 means everything, output layer included

    @property
    def available_bytes(self) -> int | None:
        if self.ram_available_bytes is None:
            return None
        return self.ram_available_bytes + self.gpu_free_bytes


def kv_bytes_per_token(info: GGUFInfo) -> int:
    """Bytes of f16 K and V cache one token of context costs, over all layers (0 if unknown)."""
    layers = info.block_count or 0
    heads = info.head_count
    embd = info.embedding_length
    key_length = info.key_length or (embd // heads if embd and heads else None)
    value_length = info.value_length or key_length
    if not layers or not key_length or not value_length:
        return 0
    per_layer = info.head_count_kv_per_layer
    if per_layer and len(per_layer) == layers:
        kv_heads_total = sum(per_layer)
    else:
        kv_heads_total = layers * (info.head_count_kv or heads or 0)
    return kv_heads_total * (key_length + value_length) * KV_BYTES_PER_ELEMENT


def compute_bytes(info: GGUFInfo, n_ctx: int) -> int:
    """The context-dependent scratch: attention scores for one micro-batch."""
    return MICRO_BATCH * n_ctx * (info.head_count or 1) * SCORE_BYTES


def estimate_memory(info: GGUFInfo, n_ctx: int) -> MemoryEstimate:
    return MemoryEstimate(
        n_ctx=n_ctx,
        weights_bytes=info.tensor_data_size,
        kv_cache_bytes=kv_bytes_per_token(info) * n_ctx,
        overhead_bytes=BASE_OVERHEAD_BYTES + compute_bytes(info, n_ctx),
    )


def verdict_for(needed_bytes: int, available_bytes: int | None) -> Verdict:
    if available_bytes is None:
        return Verdict.UNKNOWN
    headroom = available_bytes - needed_bytes
    if headroom < 0:
        return Verdict.WONT_FIT
    if headroom < TIGHT_FRACTION * available_bytes or headroom < TIGHT_BYTES:
        return Verdict.TIGHT
    return Verdict.FITS


def max_context(info: GGUFInfo) -> int:
    return info.context_length or FALLBACK_MAX_CONTEXT


def largest_context_that_fits(info: GGUFInfo, budget_bytes: int) -> int:
    """The largest context (a multiple of 256, or the model's own maximum) whose total fits the budget; 0 if none."""
    top = max_context(info)
    if estimate_memory(info, top).total_bytes <= budget_bytes:
        return top
    low, high = 0, top // CONTEXT_STEP  # invariant: low steps fit (0 = none), high steps do not
    while high - low > 1:
        mid = (low + high) // 2
        if estimate_memory(info, mid * CONTEXT_STEP).total_bytes <= budget_bytes:
            low = mid
        else:
            high = mid
    return low * CONTEXT_STEP


def gpu_layers_that_fit(info: GGUFInfo, n_ctx: int, gpu_free_bytes: int) -> int:
    """How many repeating layers to offload; block_count + 1 when the whole model fits on the GPU.

    llama.cpp offloads layers from the last one backwards and treats any value above
    block_count as "everything", so the result can be passed as n_gpu_layers directly.
    """
    layers = info.block_count or 0
    if layers <= 0 or gpu_free_bytes <= 0:
        return 0
    block_bytes = info.block_data_size or info.tensor_data_size * layers // (layers + 1)
    per_layer = block_bytes / layers + kv_bytes_per_token(info) * n_ctx / layers
    reserve = GPU_RESERVE_BYTES + compute_bytes(info, n_ctx)
    everything = info.tensor_data_size + kv_bytes_per_token(info) * n_ctx + reserve
    if everything <= gpu_free_bytes:
        return layers + 1
    if per_layer <= 0:
        return 0
    return max(0, min(layers, int((gpu_free_bytes - reserve) // per_layer)))


def check_fit(
    info: GGUFInfo,
    n_ctx: int,
    *,
    ram_available_bytes: int | None = None,
    gpu_free_bytes: int = 0,
    measure_ram: bool = True,
) -> FitReport:
    """Estimate at n_ctx and compare with free RAM (measured unless given) plus free GPU memory."""
    if ram_available_bytes is None and measure_ram:
        ram_available_bytes = system_memory.available_memory()
    gpu_free_bytes = max(0, gpu_free_bytes)
    estimate = estimate_memory(info, n_ctx)
    available = None if ram_available_bytes is None else ram_available_bytes + gpu_free_bytes
    comparable = available if info.sizes_known else None  # an unknown weight size compares with nothing
    if comparable is None:
        largest = comfortable = 0
    else:
        largest = largest_context_that_fits(info, comparable)
        comfortable = _largest_comfortable_context(info, comparable)
    return FitReport(
        estimate=estimate,
        ram_available_bytes=ram_available_bytes,
        gpu_free_bytes=gpu_free_bytes,
        verdict=verdict_for(estimate.total_bytes, comparable),
        headroom_bytes=None if comparable is None else comparable - estimate.total_bytes,
        largest_context=largest,
        comfortable_context=comfortable,
        gpu_layers=gpu_layers_that_fit(info, n_ctx, gpu_free_bytes),
    )


def _largest_comfortable_context(info: GGUFInfo, available: int) -> int:
    budget = available - max(TIGHT_BYTES, math.ceil(TIGHT_FRACTION * available))
    # "fits" needs headroom >= the reserve, i.e. total <= budget; equal totals count as fitting.
    return largest_context_that_fits(info, budget) if budget > 0 else 0


def describe_bytes(n: int) -> str:
    """'4.2 GB' — sizes as file managers show them (decimal units)."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"
