"""What this llama.cpp build can run on: compute devices, their memory, and a thread count.

The device list comes from ggml's backend registry (the same list llama.cpp offloads to).
llama-cpp-python does not bind those functions, so they are bound here with ctypes on the
ggml library it ships; when that fails (an unusual build), we fall back to what
`llama_supports_gpu_offload()` and `llama_print_system_info()` say.
"""

from __future__ import annotations

import ctypes
import functools
import os
from dataclasses import dataclass

import psutil

# ggml_backend_dev_type: CPU = 0, GPU = 1, then IGPU / ACCEL (their numbers moved between
# ggml versions, so accelerators are recognised by their backend name instead).
_DEVICE_TYPE_CPU = 0
_ACCELERATOR_BACKENDS = frozenset({"BLAS", "AMX", "RPC"})


@dataclass(frozen=True)
class Device:
    """One compute device llama.cpp can use."""

    backend: str  # the ggml backend that drives it: "CPU", "CUDA", "Metal", "Vulkan", "ROCm", ...
    name: str  # "CPU", "CUDA0", "Vulkan0", ...
    description: str  # the model name, e.g. "NVIDIA GeForce RTX 4070"
    kind: str  # "cpu", "gpu" (includes integrated GPUs) or "accel" (BLAS and the like, helps the CPU)
    memory_free: int | None  # bytes, when the backend reports it
    memory_total: int | None

    @property
    def is_gpu(self) -> bool:
        return self.kind == "gpu"


@dataclass(frozen=True)
class BackendReport:
    """The devices of this build and whether layers can be offloaded to a GPU."""

    devices: tuple[Device, ...]
    gpu_offload: bool
    system_info: str  # llama.cpp's one-line feature summary (AVX2, NEON, ...)

    @property
    def gpus(self) -> tuple[Device, ...]:
        return tuple(d for d in self.devices if d.is_gpu)

    def backend_name(self, n_gpu_layers: int) -> str:
        """The backend doing the work for a model loaded with `n_gpu_layers` offloaded."""
        if n_gpu_layers != 0 and self.gpu_offload and self.gpus:
            return self.gpus[0].backend
        return "CPU"


def detect_backends() -> BackendReport:
    """List the devices this llama.cpp build sees. Cheap enough to call when a panel opens."""
    import llama_cpp

    gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
    system_info = _system_info()
    try:
        devices = _registry_devices()
    except (OSError, AttributeError, ImportError, ValueError):
        devices = _fallback_devices(gpu_offload, system_info)
    return BackendReport(devices=devices, gpu_offload=gpu_offload, system_info=system_info)


def _system_info() -> str:
    import llama_cpp

    raw = llama_cpp.llama_print_system_info()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split()).strip(" |")


@functools.lru_cache(maxsize=1)
def _ggml_library() -> ctypes.CDLL:
    """The ggml library llama-cpp-python loaded, with the registry functions typed."""
    from llama_cpp._ggml import libggml as lib  # noqa: PLC2701 - the only handle on ggml it offers

    void_p, size_t = ctypes.c_void_p, ctypes.c_size_t
    signatures = {
        "ggml_backend_dev_count": ([], size_t),
        "ggml_backend_dev_get": ([size_t], void_p),
        "ggml_backend_dev_name": ([void_p], ctypes.c_char_p),
        "ggml_backend_dev_description": ([void_p], ctypes.c_char_p),
        "ggml_backend_dev_type": ([void_p], ctypes.c_int),
        "ggml_backend_dev_memory": ([void_p, ctypes.POINTER(size_t), ctypes.POINTER(size_t)], None),
        "ggml_backend_dev_backend_reg": ([void_p], void_p),
        "ggml_backend_reg_name": ([void_p], ctypes.c_char_p),
    }
    for name, (argtypes, restype) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype
    return lib


def _registry_devices() -> tuple[Device, ...]:
    lib = _ggml_library()
    devices = []
    for index in range(lib.ggml_backend_dev_count()):
        dev = lib.ggml_backend_dev_get(index)
        if not dev:
            continue
        backend = _text(lib.ggml_backend_reg_name(lib.ggml_backend_dev_backend_reg(dev)))
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        dev_type = lib.ggml_backend_dev_type(dev)
        if dev_type == _DEVICE_TYPE_CPU:
            kind = "cpu"
        elif backend.upper() in _ACCELERATOR_BACKENDS:
            kind = "accel"
        else:
            kind = "gpu"
        devices.append(
            Device(
                backend=backend,
                name=_text(lib.ggml_backend_dev_name(dev)),
                description=_text(lib.ggml_backend_dev_description(dev)),
                kind=kind,
                memory_free=free.value or None,
                memory_total=total.value or None,
            )
        )
    return tuple(devices)


def _fallback_devices(gpu_offload: bool, system_info: str) -> tuple[Device, ...]:
    """Without the registry: a CPU, plus a GPU named after the build when it can offload."""
    devices = [Device("CPU", "CPU", "CPU", "cpu", None, None)]
    if gpu_offload:
        names = ("CUDA", "Metal", "Vulkan", "ROCm", "SYCL", "OpenCL", "MUSA", "CANN")
        backend = next((n for n in names if n.lower() in system_info.lower()), "GPU")
        devices.append(Device(backend, f"{backend}0", backend, "gpu", None, None))
    return tuple(devices)


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


def physical_core_count() -> int:
    """Physical cores available to us: generation runs fastest with one thread per core.

    Measured on a 2-core machine: 2 threads ~75 tok/s, 1 thread ~55 tok/s (Gemma 3 270M).
    Hyper-threads share a core's arithmetic units and tend to slow generation down. When the
    process may only use some CPUs, the machine's cores are scaled to that share.
    """
    logical = available_cpu_count()
    machine_logical = psutil.cpu_count(logical=True) or logical
    physical = psutil.cpu_count(logical=False)
    if physical is None:  # the platform will not say: assume two hardware threads per core
        return max(1, logical // 2 if logical > 2 else logical)
    return max(1, min(physical * logical // max(machine_logical, logical), logical))


def available_cpu_count() -> int:
    """Logical CPUs this process may run on: its affinity mask where the platform has one."""
    try:
        allowed = psutil.Process().cpu_affinity()  # Linux, Windows, FreeBSD; not macOS
    except (AttributeError, OSError, psutil.Error):
        allowed = None
    if allowed:
        return len(allowed)
    return psutil.cpu_count(logical=True) or os.cpu_count() or 1
