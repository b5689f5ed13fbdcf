from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.documents.embedding import SharedEmbedder
from desktop_app.core.documents.library import DocumentLibrary
from desktop_app.core.engine.embedder import FakeEmbedder
from desktop_app.core.store import Store


@pytest.fixture
def store(data_dir: Path):
    with Store() as opened:
        yield opened


@pytest.fixture
def fake_library(store: Store, starter_model_path: Path):
    """A library on the fake embedder, whose collection's model is the real starter GGUF (checked, not run)."""
    library = DocumentLibrary(store, SharedEmbedder(FakeEmbedder))
    library.test_collection = library.collection("Test", str(starter_model_path))
    yield library
    library.close()


@pytest.fixture
def real_library(store: Store, embedding_model_path: Path):
    library = DocumentLibrary(store)
    library.test_collection = library.collection("Real", str(embedding_model_path))
    yield library
    library.close()
