"""Shared fixtures: every test gets its own data dir; the real starter model is prepared once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data dir."""
    path = tmp_path / "inkstone-data"
    monkeypatch.setenv("INKSTONE_DATA_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def starter_model_path() -> Path:
    from desktop_app.core.models.starter import starter_model_path

    return starter_model_path()


@pytest.fixture(scope="session")
def llama_engine(starter_model_path: Path):
    """The real starter model on llama.cpp, loaded once per session (n_ctx=2048)."""
    from desktop_app.core.engine.base import LoadOptions
    from desktop_app.core.engine.llama import LlamaEngine

    engine = LlamaEngine()
    engine.load(starter_model_path, LoadOptions(n_ctx=2048))
    yield engine
    engine.unload()
