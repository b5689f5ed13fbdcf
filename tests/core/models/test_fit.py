from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.models import fit, system_memory
from desktop_app.core.models.fit import GiB, MiB, Verdict, check_fit, estimate_memory, gpu_layers_that_fit
from desktop_app.core.models.gguf import GGUFInfo, read_gguf_info


def make_info(**overrides: Any) -> GGUFInfo:
    """A Llama-2-7B-shaped Q4_K_M: 32 layers, 32 heads without GQA, 3.9 GB of weights."""
    values: dict[str, Any] = dict(
        path=Path("llama-2-7b.Q4_K_M.gguf"),
        file_size=4_080_000_000,
        version=3,
        tensor_count=291,
        metadata={},
        architecture="llama",
        name="Llama 2 7B",
        parameter_count=6_740_000_000,
        quantization="Q4_K_M",
        context_length=4096,
        block_count=32,
        embedding_length=4096,
        head_count=32,
        head_count_kv=32,
        key_length=None,
        value_length=None,
        chat_template=None,
        data_offset=740_000,
        tensor_data_size=4_070_000_000,
        block_data_size=3_800_000_000,
    )
    values.update(overrides)
    return GGUFInfo(**values)


LLAMA3_8B = dict(context_length=8192, head_count_kv=8, tensor_data_size=4_920_000_000, block_data_size=4_200_000_000)


def test_kv_cache_follows_layers_heads_and_context() -> None:
    info = make_info()

    estimate = estimate_memory(info, 4096)

    # 32 layers * 4096 tokens * 32 heads * (128 + 128) * 2 bytes: the 2 GiB llama.cpp reports for Llama 2 7B.
    assert estimate.kv_cache_bytes == 2 * GiB
    assert estimate.weights_bytes == info.tensor_data_size


def test_grouped_query_attention_shrinks_the_cache() -> None:
    assert estimate_memory(make_info(**LLAMA3_8B), 8192).kv_cache_bytes == 1 * GiB


def test_explicit_key_and_value_lengths_win_over_derived_ones() -> None:
    info = make_info(head_count_kv=1, key_length=256, value_length=128, block_count=2)

    assert estimate_memory(info, 1000).kv_cache_bytes == 2 * 1000 * (256 + 128) * 2


def test_per_layer_kv_heads_are_summed() -> None:
    info = make_info(block_count=3, head_count_kv=4, head_count_kv_per_layer=(1, 4, 2), key_length=64)

    assert estimate_memory(info, 100).kv_cache_bytes == 100 * (1 + 4 + 2) * (64 + 64) * 2


def test_model_without_attention_heads_has_no_cache_estimate() -> None:
    info = make_info(head_count=None, head_count_kv=None, embedding_length=None)

    assert estimate_memory(info, 4096).kv_cache_bytes == 0


def test_overhead_grows_with_context() -> None:
    info = make_info()

    small, large = estimate_memory(info, 2048), estimate_memory(info, 8192)

    assert small.overhead_bytes >= fit.BASE_OVERHEAD_BYTES
    assert large.overhead_bytes - small.overhead_bytes == 512 * 6144 * 32 * 4


def test_llama3_8b_q4_at_8k_fits_in_8_gb_free() -> None:
    report = check_fit(make_info(**LLAMA3_8B), 8192, ram_available_bytes=8 * GiB)

    assert report.verdict is Verdict.FITS
    assert report.largest_context == 8192  # the model's own maximum
    assert report.headroom_bytes == 8 * GiB - report.estimate.total_bytes


def test_llama2_7b_q4_at_8k_does_not_fit_in_8_gb_and_a_smaller_context_is_offered() -> None:
    info = make_info(context_length=16384)

    report = check_fit(info, 8192, ram_available_bytes=8 * GiB)

    assert report.verdict is Verdict.WONT_FIT
    assert report.headroom_bytes is not None and report.headroom_bytes < 0
    assert 0 < report.comfortable_context < report.largest_context < 8192
    assert report.largest_context % fit.CONTEXT_STEP == 0
    assert estimate_memory(info, report.largest_context).total_bytes <= 8 * GiB
    assert estimate_memory(info, report.largest_context + fit.CONTEXT_STEP).total_bytes > 8 * GiB
    assert check_fit(info, report.comfortable_context, ram_available_bytes=8 * GiB).verdict is Verdict.FITS
    assert check_fit(info, report.largest_context, ram_available_bytes=8 * GiB).verdict is Verdict.TIGHT


def test_under_one_gib_of_headroom_is_tight() -> None:
    info = make_info()
    needed = estimate_memory(info, 2048).total_bytes

    report = check_fit(info, 2048, ram_available_bytes=needed + 900 * MiB)

    assert report.verdict is Verdict.TIGHT


def test_under_fifteen_percent_headroom_is_tight_even_above_one_gib() -> None:
    info = make_info()
    needed = estimate_memory(info, 2048).total_bytes
    available = int(needed / 0.87)  # 13 % headroom, well above 1 GiB on a ~7 GB need

    assert check_fit(info, 2048, ram_available_bytes=available).verdict is Verdict.TIGHT
    assert check_fit(info, 2048, ram_available_bytes=int(needed / 0.8)).verdict is Verdict.FITS


def test_model_too_big_at_any_context_offers_none() -> None:
    report = check_fit(make_info(), 4096, ram_available_bytes=2 * GiB)

    assert report.verdict is Verdict.WONT_FIT
    assert (report.largest_context, report.comfortable_context) == (0, 0)


def test_free_gpu_memory_adds_to_the_budget() -> None:
    info = make_info()

    ram_only = check_fit(info, 4096, ram_available_bytes=4 * GiB)
    with_gpu = check_fit(info, 4096, ram_available_bytes=4 * GiB, gpu_free_bytes=8 * GiB)

    assert ram_only.verdict is Verdict.WONT_FIT
    assert with_gpu.verdict is Verdict.FITS


def test_unknown_ram_gives_unknown_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system_memory, "available_memory", lambda: None)

    report = check_fit(make_info(), 4096)

    assert report.verdict is Verdict.UNKNOWN
    assert report.headroom_bytes is None


def test_a_tensor_type_newer_than_inkstone_gives_unknown_verdict_not_a_refusal() -> None:
    report = check_fit(make_info(unknown_tensor_types=(42,)), 4096, ram_available_bytes=64 * GiB)

    assert report.verdict is Verdict.UNKNOWN
    assert report.headroom_bytes is None and report.largest_context == 0
    assert report.ram_available_bytes == 64 * GiB  # the machine's side is still known


def test_all_layers_offload_when_the_whole_model_fits_on_the_gpu() -> None:
    assert gpu_layers_that_fit(make_info(), 4096, 24 * GiB) == 33


def test_partial_offload_counts_layers_that_fit() -> None:
    info = make_info()

    layers = gpu_layers_that_fit(info, 4096, 4 * GiB)

    per_layer = info.block_data_size / 32 + estimate_memory(info, 4096).kv_cache_bytes / 32
    reserve = fit.GPU_RESERVE_BYTES + fit.compute_bytes(info, 4096)
    assert 0 < layers < 32
    assert layers * per_layer + reserve <= 4 * GiB < (layers + 1) * per_layer + reserve


def test_no_gpu_memory_means_no_offload() -> None:
    assert gpu_layers_that_fit(make_info(), 4096, 0) == 0
    assert gpu_layers_that_fit(make_info(), 4096, 100 * MiB) == 0


def test_more_context_leaves_room_for_fewer_gpu_layers() -> None:
    info = make_info(context_length=32768)

    assert gpu_layers_that_fit(info, 32768, 6 * GiB) < gpu_layers_that_fit(info, 2048, 6 * GiB)


def test_starter_kv_cache_matches_llama_cpp(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    estimate = estimate_memory(info, 2048)

    # llama.cpp logs "KV buffer size = 6.00 MiB" + "30.00 MiB" for this model at n_ctx 2048.
    assert estimate.kv_cache_bytes == 36 * MiB


def test_starter_fits_on_this_machine(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    report = check_fit(info, 4096)

    assert report.ram_available_bytes is not None
    assert report.verdict in (Verdict.FITS, Verdict.TIGHT)
    assert report.estimate.total_bytes < 1 * GiB


def test_starter_on_a_gpu_with_room_offloads_everything(starter_model_path: Path) -> None:
    info = read_gguf_info(starter_model_path)

    assert gpu_layers_that_fit(info, 4096, 2 * GiB) == info.block_count + 1


def test_unknown_layer_count_offloads_nothing() -> None:
    assert gpu_layers_that_fit(make_info(block_count=None), 4096, 24 * GiB) == 0


def test_describe_bytes_uses_decimal_units() -> None:
    assert fit.describe_bytes(4_070_000_000) == "4.1 GB"
    assert fit.describe_bytes(512) == "512 B"
