"""The Draft page on a fake base model: templates, preview, autosave, the drafts list, export."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.writing.conftest import stored

DOCUMENT = "# Offline writing\n\nModels run **locally**; 大型语言模型 stay private.\n\n## Why\n\n- no upload\n- no account\n"


def fill_template(page, name: str, values: dict[str, str]) -> None:
    assert page.template_form.set_template(name)
    page.template_form.form.set_values(values)


def generate_and_wait(qtbot, page):
    with qtbot.waitSignal(page.draftFinished, timeout=5000) as finished:
        page.generate_button.click()
    return finished.args[0]


def test_email_template_streams_a_draft_into_the_editor_and_keeps_it(qtbot, draft_page, engine) -> None:
    page = draft_page
    engine.delay = 0.03
    engine.enqueue(["Our", " offsite", " is", " on", " the", " 12th.", "\n\nSee", " you", " there!"])
    fill_template(page, "email", {"topic": "Team offsite", "audience": "the team"})

    with qtbot.waitSignal(page.draftFinished, timeout=5000) as finished:
        page.generate_button.click()
        qtbot.waitUntil(lambda: "offsite is" in page.editor.toPlainText(), timeout=5000)
        assert page.editor.isReadOnly()  # nobody types into a text that is still being written
    result = finished.args[0]

    text = page.editor.toPlainText()
    assert text == result.text
    assert text.startswith("Subject: Team offsite\n\nDear team,\n\n")
    assert text.endswith("Our offsite is on the 12th.\n\nSee you there!")
    assert not page.editor.isReadOnly()
    [(conversation, messages)] = stored("draft")
    assert conversation.title == "Subject: Team offsite"
    assert messages[0].content.startswith("[email]\n")
    assert "topic: Team offsite" in messages[0].content
    assert messages[1].content == text
    assert page.drafts.count() == 1


def test_a_template_missing_a_required_field_says_so(qtbot, draft_page) -> None:
    page = draft_page
    fill_template(page, "article", {"topic": ""})

    page.generate_button.click()

    assert page.banner.isVisible() and "needs a topic" in page.banner.text()
    assert not page.jobs.busy


def test_the_form_shows_the_chosen_templates_fields(qtbot, draft_page) -> None:
    page = draft_page

    page.template_form.set_template("proofread")
    proofread = set(page.template_form.form.inputs)
    page.template_form.set_template("email")
    email = set(page.template_form.form.inputs)

    assert proofread == {"text", "language"}
    assert {"topic", "audience", "tone", "length", "language", "keywords"} <= email


def test_ctrl_z_after_a_generation_takes_the_whole_draft_out(qtbot, draft_page, engine) -> None:
    page = draft_page
    engine.enqueue(["One", " two", " three."])
    fill_template(page, "article", {"topic": "Numbers"})
    generate_and_wait(qtbot, page)
    assert "One two three." in page.editor.toPlainText()

    page.editor.undo()

    assert page.editor.toPlainText() == ""


def test_the_preview_renders_the_markdown_as_it_is_typed(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setFocus()

    qtbot.keyClicks(page.editor, "# Title")
    qtbot.keyClick(page.editor, Qt.Key.Key_Return)
    qtbot.keyClick(page.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(page.editor, "Some *emphasis* here.")

    qtbot.waitUntil(lambda: "Some emphasis here." in page.preview.toPlainText(), timeout=3000)
    assert "<h1" in page.preview.toHtml() or "font-size" in page.preview.toHtml()
    assert "#" not in page.preview.toPlainText()


def test_typing_saves_the_draft_once_typing_stops_and_updates_it_in_place(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setFocus()

    with qtbot.waitSignal(page.draftSaved, timeout=3000):
        qtbot.keyClicks(page.editor, "Notes for Monday")
    with qtbot.waitSignal(page.draftSaved, timeout=3000):
        qtbot.keyClicks(page.editor, " and Tuesday")

    [(conversation, messages)] = stored("draft")
    assert conversation.title == "Notes for Monday and Tuesday"
    assert messages[-1].content == "Notes for Monday and Tuesday"


def test_new_draft_then_reopening_from_the_list_restores_text_and_template(qtbot, draft_page, engine) -> None:
    page = draft_page
    engine.enqueue(["Short", " text."])
    fill_template(page, "report", {"topic": "Quarterly sales", "keywords": "growth"})
    generate_and_wait(qtbot, page)
    generated = page.editor.toPlainText()

    page.new_button.click()
    page.template_form.set_template("email")
    assert page.editor.toPlainText() == ""
    page.side_tabs.setCurrentIndex(2)
    item = page.drafts.item(0)
    qtbot.mouseClick(page.drafts.viewport(), Qt.MouseButton.LeftButton, pos=page.drafts.visualItemRect(item).center())

    assert page.editor.toPlainText() == generated
    assert page.template_form.template.name == "report"
    assert page.template_form.values()["keywords"] == "growth"
    assert len(stored("draft")) == 1  # New draft stores nothing until something is written


def test_deleting_a_draft_removes_it_at_once_and_from_the_history_when_undo_is_not_used(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setPlainText("A draft to throw away")
    page.save_now()
    page.drafts.setCurrentRow(0)

    page.delete_current_draft()

    assert page.drafts.count() == 0 and page.editor.toPlainText() == ""
    assert page.deletes.toast.isVisible() and page.deletes.toast.action.text() == "Undo"
    page.deletes.toast.dismiss()  # the notice goes (its time is up)
    assert stored("draft") == []


def test_undo_brings_a_deleted_draft_back_with_its_text(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setPlainText("A draft I still want")
    page.save_now()
    page.drafts.setCurrentRow(0)
    page.delete_current_draft()

    page.deletes.toast.action.click()

    assert page.drafts.count() == 1 and page.editor.toPlainText() == "A draft I still want"
    page.deletes.toast.dismiss()
    [(conversation, _messages)] = stored("draft")
    assert conversation.title == "A draft I still want"


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_export_writes_the_document_in_the_format_of_the_extension(
    qtbot, draft_page, tmp_path: Path, suffix, only_font
) -> None:
    only_font(DOCUMENT)  # a font that has the document's Chinese, whatever fonts the machine has
    page = draft_page
    page.editor.setPlainText(DOCUMENT)
    path = tmp_path / f"article{suffix}"

    assert page.export_to(path)

    assert exported_text(path) and all(
        part in exported_text(path) for part in ("Offline writing", "Models run locally", "大型语言模型", "no upload")
    )


def exported_text(path: Path) -> str:
    """The visible text of an exported file, whitespace collapsed."""
    if path.suffix == ".docx":
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    elif path.suffix == ".pdf":
        # Qt maps some CJK glyphs to compatibility code points (⼤ for 大); NFKC folds them back
        text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(str(path)).pages))
    else:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text.replace("**", ""))


def test_export_through_the_save_dialog_adds_the_chosen_formats_extension(
    qtbot, draft_page, tmp_path: Path, monkeypatch, only_font
) -> None:
    only_font(DOCUMENT)
    page = draft_page
    page.editor.setPlainText(DOCUMENT)
    chosen = str(tmp_path / "my article")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (chosen, "PDF (*.pdf)"))

    page.export_action.trigger()

    assert (tmp_path / "my article.pdf").is_file()
    assert "Offline writing" in exported_text(tmp_path / "my article.pdf")


def test_pdf_export_with_no_font_for_the_chinese_says_which_font_to_install_and_writes_nothing(
    qtbot, draft_page, tmp_path: Path, only_font
) -> None:
    only_font()  # Latin only
    page = draft_page
    page.editor.setPlainText(DOCUMENT)
    path = tmp_path / "article.pdf"

    assert not page.export_to(path)

    assert not path.exists() and list(tmp_path.glob("article.pdf*")) == []
    assert "Chinese (大型语言模)" in page.banner.text() and "Noto Sans CJK SC" in page.banner.text()


def test_exporting_an_empty_draft_says_there_is_nothing_to_export(qtbot, draft_page, monkeypatch) -> None:
    page = draft_page
    asked: list[bool] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(True) or ("", ""))

    page.export_action.trigger()

    assert asked == []
    assert "nothing to export" in page.banner.text()


def test_leaving_the_page_saves_an_edit_the_autosave_has_not_stored_yet(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "Typed just before switching tabs")
    assert page.autosave_timer.isActive() and stored("draft") == []

    page.hide()

    [(_, messages)] = stored("draft")
    assert messages[-1].content == "Typed just before switching tabs"
