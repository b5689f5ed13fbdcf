"""Device listing from ggml's backend registry, and the thread count."""

from __future__ import annotations

from desktop_app.core.engine.backend import (
    BackendReport,
    Device,
    available_cpu_count,
    detect_backends,
    physical_core_count,
)


def test_this_build_lists_the_cpu_with_its_memory() -> None:
    report = detect_backends()

    [cpu] = [d for d in report.devices if d.kind == "cpu"]
    assert cpu.backend == "CPU" and cpu.description
    assert cpu.memory_total is None or cpu.memory_total > 0
    assert "CPU" in report.system_info


def test_backend_is_the_gpu_only_when_layers_are_offloaded() -> None:
    gpu = Device("CUDA", "CUDA0", "RTX", "gpu", 6 << 30, 8 << 30)
    cpu = Device("CPU", "CPU", "x86", "cpu", None, None)
    report = BackendReport(devices=(cpu, gpu), gpu_offload=True, system_info="")

    assert report.backend_name(-1) == "CUDA"
    assert report.backend_name(0) == "CPU"
    assert BackendReport((cpu,), gpu_offload=False, system_info="").backend_name(-1) == "CPU"


def test_thread_count_is_between_one_and_the_cpus_we_may_use() -> None:
    assert 1 <= physical_core_count() <= available_cpu_count()
