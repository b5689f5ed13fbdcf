"""Long form on the Draft page: outline → edit → write section by section → stop, resume, regenerate."""

from __future__ import annotations

from desktop_app.core.settings import Settings
from desktop_app.ui.writing.draft_page import SAVED
from desktop_app.ui.writing.draft_page import DraftPage
from desktop_app.ui.writing.outline_editor import TITLE
from tests.ui.writing.conftest import stored

OUTLINE_REPLY = [" Why local\n", "2. Choosing a model\n", "3. Daily use\n"]


def make_outline(qtbot, page, engine) -> list:
    page.longform_panel.form.set_values({"topic": "Local AI", "length": "900", "keywords": "privacy"})
    engine.enqueue(OUTLINE_REPLY)
    with qtbot.waitSignal(page.longform.outlineReady, timeout=5000) as ready:
        page.longform_panel.outline_button.click()
    return ready.args[0]


def write_document(qtbot, page, timeout: int = 5000):
    with qtbot.waitSignal(page.longform.documentFinished, timeout=timeout) as finished:
        page.longform_panel.write_button.click()
    return finished.args[0]


def test_outline_then_edit_then_write_section_by_section_with_progress(qtbot, draft_page, engine) -> None:
    page = draft_page
    sections = make_outline(qtbot, page, engine)
    assert [s.title for s in sections] == ["Why local", "Choosing a model", "Daily use"]
    assert page.longform_panel.outline.sections() == sections

    page.longform_panel.outline.table.item(1, TITLE).setText("Picking a model")
    engine.enqueue(["Local", " models", " keep", " data", " home."])
    engine.enqueue(["Pick", " a", " small", " one."])
    engine.enqueue(["Use", " it", " daily."])
    labels: list[str] = []
    page.jobs.progress.connect(lambda value: value[0] != SAVED and labels.append(page.progress_label.text()))
    result = write_document(qtbot, page)

    assert not result.stopped and result.sections_done == 3
    assert page.editor.toPlainText().strip() == result.document.strip() == (
        "# Local AI\n\n## Why local\n\nLocal models keep data home.\n\n"
        "## Picking a model\n\nPick a small one.\n\n## Daily use\n\nUse it daily."
    )
    assert [label for label in labels if label.startswith("Section")] == [
        "Section 1 of 3: Why local", "Section 1 of 3: Why local",
        "Section 2 of 3: Picking a model", "Section 2 of 3: Picking a model",
        "Section 3 of 3: Daily use", "Section 3 of 3: Daily use",
    ]
    assert page.longform_panel.outline.states() == ["written", "written", "written"]
    [(conversation, messages)] = stored("draft")
    assert conversation.title == "Local AI"
    assert messages[0].content.startswith("[longform]\n")
    assert "2. Picking a model" in messages[0].content
    assert messages[1].content == page.editor.toPlainText()


def test_regenerating_one_section_replaces_only_it_and_undo_brings_it_back(qtbot, draft_page, engine) -> None:
    page = draft_page
    make_outline(qtbot, page, engine)
    for reply in (["First", " body."], ["Second", " body."], ["Third", " body."]):
        engine.enqueue(reply)
    write_document(qtbot, page)
    before = page.editor.toPlainText()

    page.longform_panel.outline.select(1)
    engine.enqueue(["A", " better", " second."])
    with qtbot.waitSignal(page.longform.sectionFinished, timeout=5000) as finished:
        page.longform_panel.regenerate_button.click()

    assert finished.args == [1]
    text = page.editor.toPlainText()
    assert text == before.replace("Second body.", "A better second.")
    assert [s.text for s in page.longform.writer.sections] == ["First body.", "A better second.", "Third body."]
    assert stored("draft")[0][1][1].content == text
    page.editor.undo()
    assert page.editor.toPlainText() == before


def test_stop_keeps_the_written_sections_and_write_continues_after_them(qtbot, draft_page, engine) -> None:
    page = draft_page
    make_outline(qtbot, page, engine)
    engine.delay = 0.01
    engine.enqueue(["First", " body."])
    engine.enqueue([f"w{i} " for i in range(500)])

    with qtbot.waitSignal(page.longform.documentFinished, timeout=10_000) as finished:
        page.longform_panel.write_button.click()
        qtbot.waitUntil(lambda: "w3 " in page.editor.toPlainText(), timeout=5000)
        page.stop_button.click()
    stopped = finished.args[0]

    assert stopped.stopped and stopped.sections_done == 1
    assert "First body." in page.editor.toPlainText() and "## Choosing a model" in page.editor.toPlainText()
    assert page.longform_panel.outline.states() == ["written", "stopped", ""]
    assert page.progress_label.text().startswith("Stopped · sections written: 1 of 3")

    engine.delay = 0.0
    engine.enqueue(["Second", " body."])
    engine.enqueue(["Third", " body."])
    resumed = write_document(qtbot, page)

    assert not resumed.stopped
    text = page.editor.toPlainText()
    assert text.strip() == (
        "# Local AI\n\n## Why local\n\nFirst body.\n\n## Choosing a model\n\nSecond body.\n\n"
        "## Daily use\n\nThird body."
    )
    assert len(stored("draft")) == 1


def test_a_long_form_draft_reopened_later_brings_back_its_outline(qtbot, draft_page, store, runner, engine) -> None:
    page = draft_page
    make_outline(qtbot, page, engine)
    for reply in (["One."], ["Two."], ["Three."]):
        engine.enqueue(reply)
    write_document(qtbot, page)

    later = DraftPage(store, runner, Settings())  # as after a restart
    later.set_model(engine.model)
    qtbot.addWidget(later)
    assert later.open_draft(later.drafts.item(0).data(256))

    assert [s.title for s in later.longform_panel.outline.sections()] == ["Why local", "Choosing a model", "Daily use"]
    assert later.longform_panel.form.values()["topic"] == "Local AI"
    later.longform_panel.outline.select(2)
    engine.enqueue(["Three", " again."])
    with qtbot.waitSignal(later.longform.sectionFinished, timeout=5000):
        later.longform_panel.regenerate_button.click()
    assert later.editor.toPlainText().rstrip().endswith("## Daily use\n\nThree again.")
    assert "## Why local\n\nOne." in later.editor.toPlainText()


def test_writing_with_an_empty_outline_says_what_to_do(qtbot, draft_page) -> None:
    page = draft_page
    page.longform_panel.form.set_values({"topic": "Anything"})

    page.longform_panel.write_button.click()

    assert "outline is empty" in page.banner.text()
    assert not page.jobs.busy
