"""Long-form writing on the Draft page: outline → edit → write section by section, stop and
continue, write one section again. The document in the editor is the truth: what a new run
keeps is read from it (with the user's edits), never from an older copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import InkstoneError
from desktop_app.core.writing.longform import (
    LongformResult,
    LongformSpec,
    LongformWriter,
    WrittenSection,
    generate_outline,
)
from desktop_app.core.writing.outline import OutlineSection, format_outline, parse_outline
from desktop_app.core.writing.draft_history import OpenDraft
from desktop_app.ui.writing.longform_panel import (
    LongformPanel,
    SectionKey,
    carried_from_document,
    find_section,
    make_writer,
    section_key,
)

if TYPE_CHECKING:
    from desktop_app.ui.writing.draft_page import DraftPage

LONGFORM = "longform"  # the template name drafts written this way are stored under


class LongformFlow(QObject):
    outlineReady = Signal(list)  # list[OutlineSection]
    documentFinished = Signal(object)  # LongformResult of Write document
    sectionFinished = Signal(int)  # index of a section written again

    def __init__(self, page: DraftPage, panel: LongformPanel) -> None:
        super().__init__(page)
        self.page = page
        self.panel = panel
        self.spec: LongformSpec | None = None
        self.writer: LongformWriter | None = None
        self.draft_id: int | None = None  # the draft the document is written into
        self._states: list[str] = []
        panel.outline_button.clicked.connect(self.make_outline)
        panel.write_button.clicked.connect(self.write_document)
        panel.regenerate_button.clicked.connect(self.regenerate_section)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.panel.form.values().items() if v.strip()}

    def _spec(self) -> LongformSpec | None:
        try:
            return LongformSpec.from_fields(self.values())
        except InkstoneError as exc:
            self.page.show_error(str(exc))
            return None

    # -- actions -------------------------------------------------------------------

    def make_outline(self) -> None:
        if self.page.busy or not self.page.check_model():
            return
        spec = self._spec()
        if spec is None:
            return

        def work(engine, on_text, on_progress, cancel) -> list[OutlineSection]:
            return generate_outline(spec, engine=engine, cancel=cancel)

        self.page.start_job(work, self.tr("Writing the outline…"), on_finished=self._outline_written)

    def write_document(self) -> None:
        """Write every section not yet in the document, in order; after Stop, this continues it."""
        page = self.page
        if page.busy or not page.check_model():
            return
        spec = self._spec()
        outline = self.panel.outline.sections()
        if spec is None:
            return
        if not outline:
            page.show_error(self.tr("The outline is empty. Make an outline, or add sections to it."))
            return
        carried = self._carried(spec, outline)
        editor = page.editor
        if carried:
            text = editor.toPlainText()
            editor.begin_stream_at_end()
            spans = [find_section(text, s.title) for s in outline if section_key(s.title, s.notes) not in carried]
            editor.remove_ranges(text, [(span.heading_start, span.body_end) for span in spans if span is not None])
        else:
            page.start_new_document(OpenDraft(LONGFORM))
            editor.load(f"# {spec.topic}\n")
            editor.begin_stream_at_end()
        page.draft.template = LONGFORM
        page.draft.fields = {**self.values(), "outline": format_outline(outline)}
        self.spec = spec
        self._states = [self.tr("written") if section_key(s.title, s.notes) in carried else "" for s in outline]
        self.panel.outline.set_states(self._states)

        head = editor.toPlainText()  # what the document holds before the new sections

        def write(engine, out, on_progress, cancel) -> tuple[LongformWriter, LongformResult]:
            writer = make_writer(engine, spec, outline, carried)
            written = [head]

            def section_start(k: int, n: int, title: str) -> None:
                on_progress(("section", k, n, title))
                document = "".join(written)
                gap = "" if document.endswith("\n\n") else ("\n" if document.endswith("\n") else "\n\n")
                emit(f"{gap}## {title}\n\n")

            def emit(piece: str) -> None:
                written.append(piece)
                out(piece)

            result = writer.write_all(
                on_section_start=section_start,
                on_section_done=lambda k, n, _text: on_progress(("section_done", k, n)),
                on_text=emit, cancel=cancel,
            )
            return writer, result

        page.start_document_job(write, self.tr("Writing the document…"), self._document_written, head=head,
                                stopped=lambda result: result[1].stopped,
                                on_progress=lambda value: self.on_progress("write", value))

    def regenerate_section(self) -> None:
        """Write the section selected in the outline again, in place in the document."""
        page = self.page
        if page.busy or not page.check_model():
            return
        index = self.panel.outline.selected_index()
        if index is None:
            page.show_error(self.tr("Select the section to write again in the outline."))
            return
        spec = self._spec()
        outline = self.panel.outline.sections()
        if spec is None:
            return
        carried = self._carried(spec, outline)
        if not carried:
            page.show_error(self.tr("Write the document first; then a single section can be written again."))
            return
        title = outline[index].title
        text = page.editor.toPlainText()
        span = find_section(text, title)
        if span is None:  # not in the document (any more): add it at the end
            page.editor.begin_stream_at_end()
            page.editor.stream_insert(("\n" if text.endswith("\n") else "\n\n") + f"## {title}\n\n")
            head, tail = page.editor.toPlainText(), ""
        else:
            page.editor.begin_stream_replacing(text, span.body_start, span.body_end)
            head, tail = text[: span.body_start], text[span.body_end :]
        self.spec = spec
        self._states = self.panel.outline.states()

        def write(engine, out, on_progress, cancel) -> tuple[LongformWriter, int]:
            writer = make_writer(engine, spec, outline, carried)
            on_progress(("section", index + 1, len(outline), title))
            writer.write_section(index, on_text=out, cancel=cancel)
            return writer, index

        page.start_document_job(write, self.tr("Writing the section again…"), self._section_written, head=head,
                                tail=tail, on_progress=lambda value: self.on_progress("section", value))

    def _carried(self, spec: LongformSpec, outline: list[OutlineSection]) -> dict[SectionKey, WrittenSection]:
        """Sections of the open long-form document that a new run keeps ({} when there is none)."""
        if self.draft_id is None or (self.spec is not None and self.spec != spec):
            return {}
        page = self.page
        if page.draft.conversation_id != self.draft_id and not page.open_draft(self.draft_id):
            return {}
        return carried_from_document(page.editor.toPlainText(), outline, self.writer)

    # -- from the page -------------------------------------------------------------

    def draft_opened(self, draft: OpenDraft) -> None:
        """A stored long-form draft was opened: bring back its fields and outline."""
        if draft.template != LONGFORM:
            return
        self.panel.form.set_values({k: v for k, v in draft.fields.items() if k != "outline"})
        if draft.conversation_id != self.draft_id:
            self.panel.outline.set_sections(parse_outline(draft.fields.get("outline", "")))
            self.draft_id, self.writer, self.spec = draft.conversation_id, None, None

    def draft_deleted(self, conversation_id: int) -> None:
        if conversation_id == self.draft_id:
            self.draft_id = self.writer = self.spec = None

    def on_progress(self, _kind: str, value: object) -> None:
        if not isinstance(value, tuple):
            return
        page = self.page
        if value[0] == "section":
            _, k, n, title = value
            page.progress_bar.setRange(0, n)
            page.progress_bar.setValue(k - 1)
            page.progress_label.setText(self.tr("Section {0} of {1}: {2}").format(k, n, title))
            self._set_state(k - 1, self.tr("writing…"))
        elif value[0] == "section_done":
            _, k, _n = value
            page.progress_bar.setValue(k)
            self._set_state(k - 1, self.tr("written"))

    def _set_state(self, index: int, state: str) -> None:
        if 0 <= index < len(self._states):
            self._states[index] = state
            self.panel.outline.set_states(self._states)

    def _outline_written(self, result: object) -> None:
        sections: list[OutlineSection] = result  # type: ignore[assignment]
        self.panel.outline.set_sections(sections)
        self.writer = None
        self.page.progress_label.setText(self.tr("Outline ready · sections: {0} · edit it, then Write document")
                                         .format(len(sections)))
        self.panel.outline.table.setFocus()
        self.outlineReady.emit(sections)

    def _document_written(self, result: tuple[tuple[LongformWriter, LongformResult], OpenDraft]) -> None:
        (writer, outcome), _saved = result
        page = self.page
        self.writer = writer
        self.panel.show_states(writer)
        self.draft_id = page.draft.conversation_id
        if outcome.stopped:
            page.progress_label.setText(self.tr("Stopped · sections written: {0} of {1} · Write document "
                                                "continues").format(outcome.sections_done, outcome.sections_total))
        else:
            page.progress_label.setText(self.tr("Document written · sections: {0}").format(outcome.sections_total))
        self.documentFinished.emit(outcome)

    def _section_written(self, result: tuple[tuple[LongformWriter, int], OpenDraft]) -> None:
        (writer, index), _saved = result
        self.writer = writer
        self.panel.show_states(writer)
        self.page.progress_label.setText(self.tr("Section {0} written again.").format(index + 1))
        self.sectionFinished.emit(index)
