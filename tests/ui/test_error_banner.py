from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.error_banner import ErrorBanner


def test_a_message_quoting_a_model_file_is_never_rendered_as_html(qtbot) -> None:
    banner = ErrorBanner("errorBanner")
    qtbot.addWidget(banner)

    banner.show_message("evil.gguf cannot be used: its tokenizer ('<img src=x><b>big</b>') is not valid")

    assert not banner.isHidden()
    assert banner.textFormat() == Qt.TextFormat.PlainText
    assert "<b>big</b>" in banner.text()
