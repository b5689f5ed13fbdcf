"""Device listing from ggml's backend registry, and the thread count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is a Linux feature")
def test_cpu_counts_follow_the_cpus_this_process_may_use() -> None:
    """A process pinned to one CPU (taskset, a container's cpuset) runs one thread, whatever the machine has."""
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from desktop_app.core.engine.backend import available_cpu_count, physical_core_count; "
        "print(available_cpu_count(), physical_core_count())"
    )
    root = Path(__file__).resolve().parents[3]

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True).stdout

    assert out.split() == ["1", "1"]


def _report(gpu_free: int | None, offload: bool = True):
    from desktop_app.core.engine.backend import BackendReport, Device

    cpu = Device("CPU", "CPU", "cpu", "cpu", None, None)
    gpu = Device("CUDA", "CUDA0", "Test GPU", "gpu", gpu_free, gpu_free)
    return BackendReport((cpu, gpu) if offload else (cpu,), offload, "")


def test_gpu_layers_are_all_when_the_model_fits_and_fewer_when_it_does_not(starter_model_path) -> None:
    from desktop_app.core.engine.llama import auto_gpu_layers
    from desktop_app.core.models.gguf import read_gguf_info

    info = read_gguf_info(starter_model_path)

    assert auto_gpu_layers(info, 2048, _report(8 * 2**30)) == -1
    some = auto_gpu_layers(info, 2048, _report(300 * 2**20))
    assert 0 < some < info.block_count
    assert auto_gpu_layers(info, 2048, _report(None)) == -1  # no reading: llama.cpp decides
    assert auto_gpu_layers(info, 2048, _report(None, offload=False)) == 0
