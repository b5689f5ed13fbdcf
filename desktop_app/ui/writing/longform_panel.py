"""The long-form side of Draft: topic and constraints, the editable outline, and the buttons that
write the document; plus the plain helpers that keep written sections across outline edits."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.draft_templates import AUDIENCE, KEYWORDS, LANGUAGE, SECTIONS, TONE, TOPIC, DraftField
from desktop_app.core.writing.longform import LongformSpec, LongformWriter, WrittenSection
from desktop_app.core.writing.outline import OutlineSection
from desktop_app.ui.writing.outline_editor import OutlineEditor
from desktop_app.ui.writing.template_form import FieldsForm

LENGTH = DraftField("length", "Target length", default="1500", suggestions=("800", "1500", "3000", "5000"),
                    help="Words in the whole document")
LONGFORM_FIELDS = (TOPIC, KEYWORDS, LENGTH, LANGUAGE, SECTIONS, AUDIENCE, TONE)

SectionKey = tuple[str, str]


def section_key(title: str, notes: str) -> SectionKey:
    return (title.strip().casefold(), " ".join(notes.split()))


def carried_sections(writer: LongformWriter | None, spec: LongformSpec) -> dict[SectionKey, WrittenSection]:
    """Sections already written by writer that a new writer may keep (same spec, same title and notes)."""
    if writer is None or writer.spec != spec:
        return {}
    return {section_key(s.title, s.notes): s for s in writer.sections if s.text}


def make_writer(engine: Engine, spec: LongformSpec, outline: list[OutlineSection],
                carried: dict[SectionKey, WrittenSection]) -> LongformWriter:
    """A writer for this outline that keeps the text (and summaries) of sections that did not change."""
    writer = LongformWriter(engine, spec, outline)
    for section in writer.sections:
        old = carried.get(section_key(section.title, section.notes))
        if old is not None:
            section.text, section.status, section.summary = old.text, old.status, old.summary
    return writer


def section_body_range(text: str, title: str) -> tuple[int, int] | None:
    """(start, end) of the body under the '## title' heading in text, in Python string indexes:
    from after the heading line and the blank line that follows it, to the next '## ' heading."""
    lines = text.split("\n")
    offset = 0
    start: int | None = None
    wanted = title.strip().casefold()
    for line in lines:
        if start is None:
            if line.startswith("## ") and line[3:].strip().casefold() == wanted:
                start = offset + len(line) + 1
        elif line.startswith("## ") or line.startswith("# "):
            end = offset
            while end > start and text[end - 1] == "\n":
                end -= 1
            return start, max(start, end)
        offset += len(line) + 1
    if start is None:
        return None
    start = min(start, len(text))
    end = len(text.rstrip("\n"))
    return start, max(start, end)


class LongformPanel(QWidget):
    """Fields → Make outline → edit → Write document (section by section) → Regenerate a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldsForm(LONGFORM_FIELDS)
        self.outline_button = QPushButton(self.tr("Make &outline"))
        self.outline_button.setObjectName("makeOutlineButton")
        self.outline_button.setToolTip(self.tr("Ask the model for section headings; you can edit them"))
        self.outline = OutlineEditor()
        self.write_button = QPushButton(self.tr("&Write document"))
        self.write_button.setObjectName("writeDocumentButton")
        self.write_button.setToolTip(self.tr("Write the sections in order; after Stop, continues where it stopped"))
        self.regenerate_button = QPushButton(self.tr("&Regenerate section"))
        self.regenerate_button.setObjectName("regenerateSectionButton")
        self.regenerate_button.setToolTip(self.tr("Write the selected section again"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.regenerate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.outline_button)
        layout.addWidget(QLabel(self.tr("Outline (double-click or start typing to edit):"), buddy=self.outline.table))
        layout.addWidget(self.outline, 1)
        layout.addLayout(buttons)

    def set_busy(self, busy: bool) -> None:
        for button in (self.outline_button, self.write_button, self.regenerate_button):
            button.setEnabled(not busy)
        self.outline.setEnabled(not busy)

    def show_states(self, writer: LongformWriter) -> None:
        labels = {"done": self.tr("written"), "stopped": self.tr("stopped")}
        self.outline.set_states([labels.get(s.status, "") for s in writer.sections])
