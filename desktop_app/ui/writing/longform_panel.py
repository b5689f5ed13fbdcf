"""The long-form side of Draft: topic and constraints, the editable outline, and the buttons that
write the document; plus the plain helpers that keep written sections across outline edits."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.engine.base import Engine
from desktop_app.core.writing.draft_templates import AUDIENCE, KEYWORDS, LANGUAGE, SECTIONS, TONE, TOPIC, DraftField
from desktop_app.core.writing.longform import LongformSpec, LongformWriter, WrittenSection
from desktop_app.core.writing.outline import OutlineSection
from desktop_app.ui.writing.outline_editor import OutlineEditor
from desktop_app.ui.writing.template_form import FieldsForm

# The label and help are translated where FieldsForm shows them.
LENGTH = DraftField("length", QT_TRANSLATE_NOOP("FieldsForm", "Target length"), default="1500",
                    suggestions=("800", "1500", "3000", "5000"),
                    help=QT_TRANSLATE_NOOP("FieldsForm", "Words in the whole document"))
LONGFORM_FIELDS = (TOPIC, KEYWORDS, LENGTH, LANGUAGE, SECTIONS, AUDIENCE, TONE)

SectionKey = tuple[str, str]


def section_key(title: str, notes: str) -> SectionKey:
    return (title.strip().casefold(), " ".join(notes.split()))


@dataclass(frozen=True)
class SectionSpan:
    """Where a '## title' section sits in a document (Python string indexes)."""

    heading_start: int
    body_start: int
    body_end: int  # before the blank lines that precede the next heading


def find_section(text: str, title: str) -> SectionSpan | None:
    """The first '## title' section of text (title compared ignoring case), or None."""
    wanted = title.strip().casefold()
    offset = 0
    span_start: int | None = None
    body_start = 0
    for line in text.split("\n"):
        if span_start is None:
            if line.startswith("## ") and line[3:].strip().casefold() == wanted:
                span_start = offset
                body_start = offset + len(line) + 1
                while text.startswith("\n", body_start):  # the blank line under the heading
                    body_start += 1
        elif line.startswith(("## ", "# ")) and offset >= body_start:
            return SectionSpan(span_start, min(body_start, offset), _trim_end(text, body_start, offset))
        offset += len(line) + 1
    if span_start is None:
        return None
    body_start = min(body_start, len(text))
    return SectionSpan(span_start, body_start, _trim_end(text, body_start, len(text)))


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == "\n":
        end -= 1
    return end


def carried_from_document(text: str, outline: list[OutlineSection],
                          writer: LongformWriter | None) -> dict[SectionKey, WrittenSection]:
    """Sections of the outline already written in the document, as the user sees them now (with
    their edits). A section the last run left stopped is not carried: it is written again. The
    running summaries come from the last writer where the text is unchanged."""
    previous = {section_key(s.title, s.notes): s for s in writer.sections} if writer is not None else {}
    carried: dict[SectionKey, WrittenSection] = {}
    for section in outline:
        span = find_section(text, section.title)
        body = text[span.body_start:span.body_end].strip() if span else ""
        key = section_key(section.title, section.notes)
        old = previous.get(key)
        if not body or (old is not None and old.status != "done"):
            continue
        summary = old.summary if old is not None and old.text.strip() == body else ""
        carried[key] = WrittenSection(section.title, section.notes, body, "done", summary)
    return carried


def make_writer(engine: Engine, spec: LongformSpec, outline: list[OutlineSection],
                carried: dict[SectionKey, WrittenSection]) -> LongformWriter:
    """A writer for this outline that starts from the sections already written (runs on the engine thread)."""
    writer = LongformWriter(engine, spec, outline)
    for section in writer.sections:
        old = carried.get(section_key(section.title, section.notes))
        if old is not None:
            section.text, section.status, section.summary = old.text, old.status, old.summary
    return writer


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
