"""Forms built from the core's DraftField lists: the template picker and its fields."""

from __future__ import annotations

from typing import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.writing.draft_templates import TEMPLATES, DraftField, DraftTemplate, get_template
from desktop_app.ui.writing.language_combo import LanguageCombo

FieldWidget = QLineEdit | QPlainTextEdit | QComboBox


class FieldsForm(QWidget):
    """One labelled input per field: a text box, a multi-line box, a language list or a combo
    of suggestions (any text accepted). values() returns what is filled in, by field key."""

    def __init__(self, fields: Sequence[DraftField], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.inputs: dict[str, FieldWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            widget = self._make_input(field)
            widget.setObjectName(f"field_{field.key}")
            widget.setAccessibleName(self.tr(field.label))
            if field.help:
                widget.setToolTip(self.tr(field.help))
            label = self.tr("{0}:").format(self.tr(field.label)) + (" *" if field.required else "")
            layout.addRow(QLabel(label, buddy=widget), widget)
            self.inputs[field.key] = widget

    def _make_input(self, field: DraftField) -> FieldWidget:
        if field.key == "language":
            combo = LanguageCombo((self.tr("Default"), ""))
            combo.set_code(field.default)
            return combo
        if field.multiline:
            edit = QPlainTextEdit(field.default)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(70)
            edit.setPlaceholderText(self.tr(field.help) if field.help else "")
            return edit
        if field.suggestions:
            combo = QComboBox()
            combo.setEditable(True)
            for suggestion in field.suggestions:  # shown translated; the English word is what is sent
                combo.addItem(self.tr(suggestion), suggestion)
            _set_combo_value(combo, field.default)
            return combo
        line = QLineEdit(field.default)
        line.setPlaceholderText(self.tr(field.help) if field.help else "")
        return line

    def values(self) -> dict[str, str]:
        return {key: _value(widget) for key, widget in self.inputs.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        """Fill the inputs whose key is in values (others keep what they have)."""
        for key, value in values.items():
            widget = self.inputs.get(key)
            if widget is None:
                continue
            if isinstance(widget, LanguageCombo):
                if not widget.set_code(value):
                    widget.set_code("")
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            elif isinstance(widget, QComboBox):
                _set_combo_value(widget, value)
            else:
                widget.setText(value)

    def focus_first(self) -> None:
        if self.fields:
            self.inputs[self.fields[0].key].setFocus()


def _value(widget: FieldWidget) -> str:
    if isinstance(widget, LanguageCombo):
        return widget.current_code()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        # A suggestion chosen (or typed as shown) gives its English word, which the prompts and
        # parse_length understand; anything else typed is sent as written.
        index = widget.findText(widget.currentText())
        return widget.itemData(index) if index >= 0 and widget.itemData(index) else widget.currentText()
    return widget.text()


def _set_combo_value(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setCurrentText(value)


class TemplateForm(QWidget):
    """The template picker and the chosen template's fields; values carry over between templates."""

    templateChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = QComboBox()
        self.picker.setObjectName("templatePicker")
        self.picker.setAccessibleName(self.tr("Template"))
        for template in TEMPLATES:
            self.picker.addItem(self.tr(template.title), template.name)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setProperty("muted", True)  # the theme's style sheet colours it
        self.form: FieldsForm | None = None
        self._remembered: dict[str, str] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        picker_row = QFormLayout()
        picker_row.addRow(QLabel(self.tr("&Template:"), buddy=self.picker), self.picker)
        self._layout.addLayout(picker_row)
        self._layout.addWidget(self.description)
        self.picker.currentIndexChanged.connect(self._rebuild)
        self._rebuild()

    @property
    def template(self) -> DraftTemplate:
        return get_template(self.picker.currentData())

    def set_template(self, name: str) -> bool:
        index = self.picker.findData(name)
        if index < 0:
            return False
        self.picker.setCurrentIndex(index)
        return True

    def values(self) -> dict[str, str]:
        """The fields of the current template that are filled in."""
        assert self.form is not None
        return {key: value for key, value in self.form.values().items() if value.strip()}

    def set_values(self, values: Mapping[str, str]) -> None:
        self._remembered.update(values)
        if self.form is not None:
            self.form.set_values(values)

    def _rebuild(self) -> None:
        if self.form is not None:
            defaults = {f.key: f.default for f in self.form.fields}
            self._remembered.update(
                {k: v for k, v in self.form.values().items() if v.strip() and v != defaults.get(k)}
            )
            self._layout.removeWidget(self.form)
            self.form.deleteLater()
        template = self.template
        self.description.setText(self.tr(template.description))
        self.form = FieldsForm(template.fields)
        self.form.set_values({k: v for k, v in self._remembered.items() if k in template.keys})
        self._layout.addWidget(self.form)
        self.setTabOrder(self.picker, self.form)
        self.templateChanged.emit(template.name)
