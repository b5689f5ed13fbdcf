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


@pytest.fixture
def only_font(qapp, tmp_path: Path):
    """Set the application font to a made-up font that has exactly the given characters (plus
    printable ASCII) and no fallbacks, so what a PDF can show does not depend on the machine.
    Call it with the characters; it returns the QFont. The previous font is restored after."""
    from contextlib import ExitStack

    from PySide6.QtGui import QFont, QGuiApplication

    from tests.support.fonts import application_font

    previous = QFont(QGuiApplication.font())
    made: list[str] = []
    with ExitStack() as fonts:

        def use(characters: str = "") -> QFont:
            ascii_printable = "".join(chr(cp) for cp in range(0x20, 0x7F))
            made.append(f"Inkstone Test {len(made) + 1}")
            family = fonts.enter_context(application_font(tmp_path, made[-1], ascii_printable + characters))
            font = QFont(family)
            font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
            QGuiApplication.setFont(font)
            return font

        yield use
        QGuiApplication.setFont(previous)


# Gemma 3's own chat template (text messages only), as instruct Gemma models carry it.
GEMMA_CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{%- if messages[0]['role'] == 'system' -%}"
    "{%- set first_user_prefix = messages[0]['content'] + '\\n\\n' -%}{%- set loop_messages = messages[1:] -%}"
    "{%- else -%}{%- set first_user_prefix = '' -%}{%- set loop_messages = messages -%}{%- endif -%}"
    "{%- for message in loop_messages -%}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{%- endif -%}"
    "{%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}"
    "{{ '<start_of_turn>' + role + '\\n' + (first_user_prefix if loop.first else '') }}"
    "{{ message['content'] | trim }}{{ '<end_of_turn>\\n' }}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '<start_of_turn>model\\n' }}{%- endif -%}"
)


@pytest.fixture(scope="session")
def instruct_starter_path(starter_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter with Gemma's chat template written into its metadata: a real model that Inkstone
    treats as an instruct model, so the template path runs on real llama.cpp (no instruct GGUF can be
    downloaded here). The tensors are copied as they are."""
    import shutil

    from tests.core.models.gguf_factory import read_header

    header = read_header(starter_model_path)
    source_data_offset = header.data_offset
    header.set("tokenizer.chat_template", GEMMA_CHAT_TEMPLATE)
    encoded = header.encode()
    encoded += b"\0" * (-len(encoded) % 32)
    path = tmp_path_factory.mktemp("instruct") / "gemma-3-270m-with-chat-template.gguf"
    with open(starter_model_path, "rb") as source, open(path, "wb") as out:
        out.write(encoded)
        source.seek(source_data_offset)
        shutil.copyfileobj(source, out, 16 * 1024 * 1024)
    return path


@pytest.fixture(scope="session")
def embedding_model_path() -> Path:
    """all-MiniLM-L6-v2 as a GGUF, written once from its PyPI package (the default embedding model)."""
    from desktop_app.core.models.embedding_starter import embedding_starter_path

    return embedding_starter_path()
