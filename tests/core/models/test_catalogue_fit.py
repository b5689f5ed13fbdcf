"""The fit estimate for a catalogue model, made from its size and parameter count alone."""

from __future__ import annotations

from desktop_app.core.models.catalogue import load_catalogue
from desktop_app.core.models.catalogue_fit import catalogue_verdict, estimate_catalogue_memory
from desktop_app.core.models.fit import Verdict

GB = 10**9


def entry(name: str):
    return next(e for e in load_catalogue() if e.id == name)


def test_the_estimate_is_weights_plus_a_context_dependent_cache():
    qwen7 = entry("qwen2.5-7b-instruct-q4km")

    small = estimate_catalogue_memory(qwen7, 2048)
    large = estimate_catalogue_memory(qwen7, 8192)

    assert small.weights_bytes == qwen7.size_bytes
    assert large.kv_cache_bytes == 4 * small.kv_cache_bytes > 0
    # Qwen2.5 7B really needs 0.45 GB of KV at 8k; an upper bound, not a wild one.
    assert 0.45 * GB <= large.kv_cache_bytes <= 3 * GB


def test_the_context_is_capped_at_what_the_model_was_trained_for():
    qwen = entry("qwen2.5-1.5b-instruct-q4km")

    assert estimate_catalogue_memory(qwen, 10**6).n_ctx == qwen.context_length


def test_verdicts_follow_the_memory_available():
    qwen7 = entry("qwen2.5-7b-instruct-q4km")
    need = estimate_catalogue_memory(qwen7, 4096).total_bytes

    assert catalogue_verdict(qwen7, 4096, need - 1)[0] is Verdict.WONT_FIT
    assert catalogue_verdict(qwen7, 4096, need + 100)[0] is Verdict.TIGHT
    assert catalogue_verdict(qwen7, 4096, 64 * GB)[0] is Verdict.FITS
    assert catalogue_verdict(qwen7, 4096, need // 2)[0] is Verdict.WONT_FIT
    assert catalogue_verdict(qwen7, 4096, need // 2, gpu_free_bytes=need)[0] is Verdict.FITS
    assert catalogue_verdict(qwen7, 4096, None)[0] is Verdict.UNKNOWN
