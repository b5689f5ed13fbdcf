"""The Simplified Chinese UI: the catalogue is complete and compiled, and the window speaks it."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop_app.app import LANGUAGE_ENV, build_main_window, install_translations
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
TS = resources_dir() / "translations" / "inkstone_zh_CN.ts"
QM = resources_dir() / "translations" / "inkstone_zh_CN.qm"

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d")
MNEMONIC = re.compile(r"&([^&\s])")


def _messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message in the .ts."""
    root = ET.parse(TS).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _text(translation: ET.Element) -> str:
    """A translation's text; for a plural message (%n), its first form (Chinese has one)."""
    forms = translation.findall("numerusform")
    return (forms[0].text or "") if forms else (translation.text or "")


def _update_tool():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chinese_ui(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[list]:
    """The zh_CN translators, installed through the INKSTONE_LANG override and removed afterwards."""
    monkeypatch.setenv(LANGUAGE_ENV, "zh_CN")
    translators = install_translations(qapp)
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def _visible_texts(window: QWidget) -> set[str]:
    """The texts a user reads on the window: menus, actions, buttons, labels, tabs, placeholders."""
    texts = {action.text() for action in window.findChildren(QAction)}
    texts |= {action.text() for action in window.menuBar().actions()}
    texts |= {button.text() for button in window.findChildren(QAbstractButton)}
    texts |= {label.text() for label in window.findChildren(QLabel)}
    for tabs in window.findChildren(QTabWidget):
        texts |= {tabs.tabText(i) for i in range(tabs.count())}
    for button in window.findChildren(QAbstractButton):
        texts.add(button.toolTip())
    for edit in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        texts.add(edit.placeholderText())
    return {text for text in texts if text}


def test_main_window_is_in_chinese_with_the_zh_CN_override(qtbot, chinese_ui) -> None:
    window, services = build_main_window(FakeEngine())
    qtbot.addWidget(window)
    try:
        assert len({window.translate_page, window.draft_page, window.models_page}) == 3  # every page, built now
        menus = [action.text() for action in window.menuBar().actions()]
        tabs = [window.workspaces.label(key) for key in window.workspaces.keys()]
        placeholder = window.chat_page.composer.placeholderText()
        untranslated = _visible_texts(window) & {src for _, src, tr in _messages() if tr.text != src}
    finally:
        window.close()
        services.close()

    assert len(chinese_ui) == 2  # Inkstone's catalogue and Qt's own qtbase
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "对话(&C)", "帮助(&H)"]
    assert tabs == ["对话", "翻译", "草稿", "文档", "模型", "设置"]
    assert placeholder == "输入任何问题…（Enter 发送，Shift+Enter 换行）"
    assert untranslated == set()


def test_the_draft_forms_tones_and_lengths_are_chinese_and_send_the_english_word(qtbot, chinese_ui) -> None:
    from PySide6.QtWidgets import QComboBox

    from desktop_app.core.writing.draft_templates import get_template
    from desktop_app.ui.writing.template_form import FieldsForm

    form = FieldsForm([*get_template("change-tone").fields, get_template("shorten").fields[1]])
    qtbot.addWidget(form)
    tone = form.inputs["tone"]
    length = form.inputs["length"]
    assert isinstance(tone, QComboBox) and isinstance(length, QComboBox)
    assert tone.currentText() == "正式" and "友好" in [tone.itemText(i) for i in range(tone.count())]
    assert length.currentText() == "短"

    tone.setCurrentText("友好")  # chosen from the list, as shown
    assert form.values()["tone"] == "friendly" and form.values()["length"] == "short"
    tone.setCurrentText("像诗一样")  # typed by the user: sent as written
    assert form.values()["tone"] == "像诗一样"
    form.set_values({"tone": "academic"})
    assert tone.currentText() == "学术"


def test_standard_dialog_buttons_use_qts_chinese_translation(qtbot, chinese_ui) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)

    texts = sorted(button.text() for button in box.buttons())

    assert texts == sorted(["确定", "取消"])


def test_english_is_kept_when_the_override_asks_for_it(qapp, monkeypatch) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "en")

    installed = install_translations(qapp)

    assert installed == []
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_removing_the_translators_brings_english_back(qapp, monkeypatch) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "zh_CN")
    translators = install_translations(qapp)
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"

    for translator in translators:
        qapp.removeTranslator(translator)

    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_every_message_is_translated_and_finished() -> None:
    messages = _messages()

    unfinished = [
        (ctx, src) for ctx, src, tr in messages if tr is None or tr.get("type") or not _text(tr).strip()
    ]

    assert len(messages) > 400
    assert unfinished == []


def test_translations_keep_every_placeholder_and_accelerator() -> None:
    broken = []
    for ctx, src, tr in _messages():
        text = _text(tr)
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(text)):
            broken.append((ctx, src, text))
        wanted = {key.lower() for key in MNEMONIC.findall(src)}
        if wanted != {key.lower() for key in MNEMONIC.findall(text)}:
            broken.append((ctx, src, text))

    assert broken == []


def test_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    rebuilt = tmp_path / "inkstone_zh_CN.qm"

    _update_tool().lrelease(TS, rebuilt)

    assert rebuilt.read_bytes() == QM.read_bytes(), "run tools/update_translations.py --no-lupdate"
