from __future__ import annotations

import sys

import pytest

from desktop_app.core.models import system_memory

MEMINFO = """MemTotal:       24698728 kB
MemFree:        21982212 kB
MemAvailable:   24288088 kB
Buffers:          123456 kB
HugePages_Total:       0
"""

VM_STAT = """Mach Virtual Memory Statistics: (page size of 16384 bytes)
Pages free:                               10000.
Pages active:                            200000.
Pages inactive:                            3000.
Pages speculative:                          500.
Pages wired down:                         90000.
Pages purgeable:                            100.
"""


def test_meminfo_values_are_bytes() -> None:
    values = system_memory.parse_meminfo(MEMINFO)

    assert values["MemAvailable"] == 24288088 * 1024
    assert values["HugePages_Total"] == 0


def test_vm_stat_counts_reclaimable_pages() -> None:
    assert system_memory.parse_vm_stat(VM_STAT) == (10000 + 3000 + 500 + 100) * 16384


def test_vm_stat_without_page_size_is_unknown() -> None:
    assert system_memory.parse_vm_stat("garbage") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/meminfo")
def test_linux_reports_available_below_total() -> None:
    available, total = system_memory.available_memory(), system_memory.total_memory()

    assert available is not None and total is not None
    assert 0 < available <= total


def test_unreadable_meminfo_gives_unknown(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(system_memory, "MEMINFO", tmp_path / "missing")
    monkeypatch.setattr(system_memory.sys, "platform", "linux")

    assert system_memory.available_memory() is None
