"""How much RAM the machine could give a model right now, without psutil.

Linux: /proc/meminfo MemAvailable (counts reclaimable page cache, which is what matters for a
memory-mapped model). macOS: vm_stat free + inactive + speculative + purgeable pages.
Windows: GlobalMemoryStatusEx. Every function returns None rather than raising when the
platform will not say, so callers can show "unknown" instead of failing.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys
from pathlib import Path

MEMINFO = Path("/proc/meminfo")


def available_memory() -> int | None:
    """Bytes of RAM available to a new allocation now, or None when unknown."""
    try:
        if sys.platform.startswith("linux"):
            return parse_meminfo(MEMINFO.read_text(encoding="ascii", errors="replace")).get("MemAvailable")
        if sys.platform == "darwin":
            out = subprocess.run(["vm_stat"], capture_output=True, text=True, timeout=5, check=True).stdout
            return parse_vm_stat(out)
        if sys.platform == "win32":
            status = _windows_memory_status()
            return None if status is None else int(status.ullAvailPhys)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return None


def total_memory() -> int | None:
    """Bytes of physical RAM, or None when unknown."""
    try:
        if sys.platform.startswith("linux"):
            return parse_meminfo(MEMINFO.read_text(encoding="ascii", errors="replace")).get("MemTotal")
        if sys.platform == "darwin":
            out = subprocess.run(
                ["sysctl", "-n", "hw.memsize"], capture_output=True, text=True, timeout=5, check=True
            ).stdout
            return int(out.strip())
        if sys.platform == "win32":
            status = _windows_memory_status()
            return None if status is None else int(status.ullTotalPhys)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return None


def parse_meminfo(text: str) -> dict[str, int]:
    """/proc/meminfo lines like 'MemAvailable:  123 kB' -> {'MemAvailable': 123 * 1024}."""
    values: dict[str, int] = {}
    for line in text.splitlines():
        match = re.match(r"(\w+):\s+(\d+)(?:\s+kB)?", line)
        if match:
            factor = 1024 if line.rstrip().endswith("kB") else 1
            values[match.group(1)] = int(match.group(2)) * factor
    return values


def parse_vm_stat(text: str) -> int | None:
    """macOS vm_stat output -> bytes in pages the kernel can hand out without swapping."""
    page = re.search(r"page size of (\d+) bytes", text)
    if not page:
        return None
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r'^"?([A-Za-z ]+?)"?:\s+(\d+)\.?$', text, re.M)}
    pages = sum(counts.get(k, 0) for k in ("Pages free", "Pages inactive", "Pages speculative", "Pages purgeable"))
    return pages * int(page.group(1)) if pages else None


def _windows_memory_status():  # type: ignore[no-untyped-def]
    class MEMORYSTATUSEX(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MEMORYSTATUSEX()
    status.dwLength = ctypes.sizeof(MEMORYSTATUSEX)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return status
