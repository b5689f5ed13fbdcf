from __future__ import annotations

import pytest

from desktop_app.core.models import system_memory


def test_available_memory_is_measured_and_below_total() -> None:
    available, total = system_memory.available_memory(), system_memory.total_memory()

    assert available is not None and total is not None
    assert 0 < available <= total


def test_memory_the_platform_will_not_report_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise OSError("no /proc in this sandbox")

    monkeypatch.setattr(system_memory.psutil, "virtual_memory", refuse)

    assert system_memory.available_memory() is None
    assert system_memory.total_memory() is None
