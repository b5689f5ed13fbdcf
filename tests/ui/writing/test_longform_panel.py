"""Finding sections in a written document, and which ones a new run keeps."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.writing.languages import get_language
from desktop_app.core.writing.longform import LongformSpec, LongformWriter
from desktop_app.core.writing.outline import OutlineSection
from desktop_app.ui.writing.longform_panel import carried_from_document, find_section, make_writer, section_key

DOC = "# Topic\n\n## Intro\n\nHello there.\n\nSecond paragraph.\n\n## Body\n\nThe body.\n\n## End\n\n"
OUTLINE = [OutlineSection("Intro"), OutlineSection("Body"), OutlineSection("End")]


def body(text: str, title: str) -> str:
    span = find_section(text, title)
    assert span is not None
    return text[span.body_start:span.body_end]


def test_a_sections_body_runs_from_under_its_heading_to_the_next_heading() -> None:
    assert body(DOC, "Intro") == "Hello there.\n\nSecond paragraph."
    assert body(DOC, "body") == "The body."  # titles match ignoring case
    assert body(DOC, "End") == ""
    assert DOC[find_section(DOC, "Body").heading_start:].startswith("## Body\n")
    assert find_section(DOC, "Missing") is None


def test_sections_with_text_are_carried_and_stopped_or_empty_ones_are_not(starter_model_path) -> None:
    engine = FakeEngine()
    engine.load(starter_model_path)
    spec = LongformSpec("Topic", language=get_language("en"))
    writer = LongformWriter(engine, spec, OUTLINE)
    writer.sections[0].text, writer.sections[0].status, writer.sections[0].summary = "Hello there.", "done", "hi"
    writer.sections[1].text, writer.sections[1].status = "The bo", "stopped"

    carried = carried_from_document(DOC, OUTLINE, writer)

    assert list(carried) == [section_key("Intro", "")]
    kept = carried[section_key("Intro", "")]
    assert (kept.text, kept.status, kept.summary) == ("Hello there.\n\nSecond paragraph.", "done", "")
    rebuilt = make_writer(engine, spec, OUTLINE, carried)
    assert [s.status for s in rebuilt.sections] == ["done", "pending", "pending"]


def test_without_a_previous_writer_every_written_section_counts_as_done() -> None:
    carried = carried_from_document(DOC, OUTLINE, None)

    assert [c.title for c in carried.values()] == ["Intro", "Body"]
