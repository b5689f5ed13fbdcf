"""A Models page on the test's data dir, a fake Hub serving a tiny GGUF, and a catalogue entry for it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.core.engine.backend import BackendReport, Device
from desktop_app.core.models.catalogue import CatalogueEntry
from desktop_app.core.settings import Settings
from desktop_app.ui.models import ModelsPage
from tests.support.fake_hub import FakeHub, HostedFile, serving, write_tiny_gguf

REPO = "alice/Tiny-GGUF"
FILE = "tiny-Q4_K_M.gguf"
GB = 10**9
CPU_ONLY = BackendReport(
    devices=(Device("CPU", "CPU", "Test CPU", "cpu", 16 * GB, 16 * GB),), gpu_offload=False, system_info="AVX2 = 1"
)

MakePage = Callable[..., ModelsPage]


@pytest.fixture
def hub(monkeypatch) -> Iterator[FakeHub]:
    with serving(monkeypatch) as hub:
        yield hub


@pytest.fixture
def tiny_gguf(tmp_path: Path) -> Path:
    (tmp_path / "served").mkdir()
    return write_tiny_gguf(tmp_path / "served" / "tiny.gguf")


@pytest.fixture
def hosted(hub: FakeHub, tiny_gguf: Path) -> HostedFile:
    return hub.add_file(REPO, FILE, tiny_gguf, downloads=10)


@pytest.fixture
def entry(hosted: HostedFile) -> CatalogueEntry:
    return CatalogueEntry(
        id="tiny-test",
        name="Tiny Test Instruct",
        repo_id=REPO,
        filename=FILE,
        size_bytes=hosted.size,
        size_approximate=False,
        quantization="Q4_K_M",
        parameters=500_000,
        license="apache-2.0",
        languages=("zh", "en"),
        tasks=("chat", "translate"),
        context_length=2048,
        gated=False,
        summary="A tiny model for tests.",
    )


@pytest.fixture
def models_dir(data_dir: Path) -> Path:
    return data_dir / "models"


@pytest.fixture
def make_page(qtbot, tmp_path: Path, models_dir: Path) -> Iterator[MakePage]:
    """Build a ModelsPage like the window would, with a fixed 8 GB of free RAM and a CPU-only build."""
    pages: list[ModelsPage] = []

    def make(settings: Settings | None = None, **options) -> ModelsPage:
        options.setdefault("models_dir", models_dir)
        options.setdefault("hf_cache_dir", tmp_path / "hf-cache")
        options.setdefault("catalogue", lambda: [])
        options.setdefault("starter_path", None)
        options.setdefault("detect_hardware", lambda: CPU_ONLY)
        options.setdefault("ram_available", lambda: 8 * GB)
        options.setdefault("ram_total", lambda: 16 * GB)
        page = ModelsPage(settings if settings is not None else Settings.load(), **options)
        pages.append(page)
        qtbot.addWidget(page)
        page.resize(1000, 600)
        page.show()
        qtbot.waitUntil(lambda: not page.serial.busy and not page.runner.busy)
        return page

    yield make
    for page in pages:
        page.shutdown()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
