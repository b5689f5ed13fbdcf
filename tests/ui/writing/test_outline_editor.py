"""The outline editor: sections in, edits out."""

from __future__ import annotations

from desktop_app.core.writing.outline import OutlineSection
from desktop_app.ui.writing.outline_editor import NOTES, TITLE, OutlineEditor


def editor(qtbot) -> OutlineEditor:
    widget = OutlineEditor()
    qtbot.addWidget(widget)
    widget.set_sections([OutlineSection("A", "note a"), OutlineSection("B"), OutlineSection("C")])
    return widget


def test_edits_moves_and_removals_come_back_as_sections(qtbot) -> None:
    widget = editor(qtbot)
    edits: list[bool] = []
    widget.edited.connect(lambda: edits.append(True))

    widget.table.item(1, NOTES).setText("note b")
    widget.table.setCurrentCell(2, TITLE)
    widget.move_selected(-1)
    widget.table.setCurrentCell(0, TITLE)
    widget.remove_selected()

    assert widget.sections() == [OutlineSection("C"), OutlineSection("B", "note b")]
    assert len(edits) == 3


def test_rows_without_a_title_are_left_out_and_do_not_count_for_the_selection(qtbot) -> None:
    widget = editor(qtbot)
    widget.table.item(0, TITLE).setText("  ")

    widget.table.setCurrentCell(2, TITLE)

    assert [s.title for s in widget.sections()] == ["B", "C"]
    assert widget.selected_index() == 1


def test_add_inserts_a_section_below_the_selected_one(qtbot) -> None:
    widget = editor(qtbot)
    widget.table.setCurrentCell(0, TITLE)

    widget.add_section()

    assert [s.title for s in widget.sections()] == ["A", "New section", "B", "C"]
