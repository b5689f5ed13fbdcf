"""Facts about this installation and machine, for the log's first line and the diagnostics report."""

from __future__ import annotations

import logging
import platform
import sys
from importlib import metadata

from desktop_app import __version__

# Distribution name -> how the report names it.
_DISTRIBUTIONS = {
    "llama_cpp_python": "llama-cpp-python",
    "PySide6-Essentials": "PySide6",
    "SQLAlchemy": "SQLAlchemy",
    "huggingface-hub": "huggingface_hub",
}

log = logging.getLogger(__name__)


def software_versions() -> dict[str, str]:
    versions = {
        "Inkstone": __version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "OS": platform.platform(),
    }
    for distribution, name in _DISTRIBUTIONS.items():
        try:
            versions[name] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def hardware_facts() -> dict[str, str]:
    """CPU, memory and the devices llama.cpp sees; a part that cannot be read says why."""
    from desktop_app.core.engine.backend import available_cpu_count, physical_core_count
    from desktop_app.core.models.system_memory import available_memory, total_memory

    facts = {
        "Machine": f"{platform.machine()} {platform.processor()}".strip(),
        "CPU cores": f"{physical_core_count()} physical, {available_cpu_count()} logical",
        "RAM": f"{_size(total_memory())} total, {_size(available_memory())} available",
        "Executable": sys.executable,
    }
    try:
        from desktop_app.core.engine.backend import detect_backends

        report = detect_backends()
    except Exception as exc:  # noqa: BLE001 - llama.cpp missing or odd: the report says so and goes on
        log.exception("Could not list llama.cpp devices")
        facts["llama.cpp devices"] = f"unavailable ({type(exc).__name__}: {exc})"
        return facts
    for device in report.devices:
        memory = f", {_size(device.memory_free)} free of {_size(device.memory_total)}" if device.memory_total else ""
        facts[f"Device {device.name}"] = f"{device.description} ({device.backend}, {device.kind}){memory}"
    facts["GPU offload"] = "yes" if report.gpu_offload else "no"
    facts["llama.cpp features"] = report.system_info
    return facts


def _size(size: int | None) -> str:
    from desktop_app.core.models.fit import describe_bytes

    return "unknown" if size is None else describe_bytes(size)
