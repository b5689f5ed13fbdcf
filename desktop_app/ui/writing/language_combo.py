"""A combo box of the languages Translate and Draft support, by code."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.core.writing.languages import LANGUAGES, Language

AUTO = "auto"


class LanguageCombo(QComboBox):
    """Shows "English name (native name)"; current_code() gives the BCP 47 code.

    `first` adds one entry before the languages — "Detect automatically" (code "auto"),
    "Any language" or "Default" (code "") — whose label the caller passes in, translated.
    """

    def __init__(self, first: tuple[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if first is not None:
            label, code = first
            self.addItem(label, code)
        for language in LANGUAGES:
            self.addItem(self.label_for(language), language.code)
        self.setMaxVisibleItems(len(LANGUAGES) + 1)

    def label_for(self, language: Language) -> str:
        name = self.tr(language.english_name)
        if language.native_name in (language.english_name, name):  # no "简体中文（简体中文）" once translated
            return name
        return self.tr("{0} ({1})").format(name, language.native_name)

    def current_code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str | None) -> bool:
        """Select the entry for code (a code exactly as listed); False when there is none."""
        index = self.findData(code or "")
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def is_auto(self) -> bool:
        return self.current_code() == AUTO
