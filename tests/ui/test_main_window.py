from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.core.models.gguf_factory import llama_like


def test_a_model_name_with_markup_is_shown_as_plain_text(open_window, tmp_path: Path) -> None:
    model = llama_like("<b>Bold</b> <img src=x>").write(tmp_path / "<i>tilted.gguf")

    window = open_window(model_path=model)

    assert window.model_status.textFormat() == Qt.TextFormat.PlainText
    assert "<i>tilted" in window.model_status.text()
