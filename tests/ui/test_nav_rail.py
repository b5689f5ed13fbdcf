"""The navigation rail: every workspace reachable, every label whole, in English and at a larger text size."""

from __future__ import annotations

from desktop_app.core.engine.fake import FakeEngine


def labels_fit(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The labels Qt would elide: a tool button elides its text when narrower than its size hint."""
    rail = window.workspaces.rail
    return [rail.label(key) for key in rail.keys() if rail.button(key).sizeHint().width() > rail.button(key).width()]


def test_every_workspace_label_is_shown_whole(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    rail = window.workspaces.rail

    assert [rail.label(key) for key in rail.keys()] == ["Chat", "Translate", "Draft", "Documents", "Models",
                                                         "Settings"]
    assert labels_fit(window) == []


def test_clicking_a_rail_button_shows_its_workspace(qtbot, open_window) -> None:
    window = open_window(FakeEngine())
    window.workspaces.rail.button("documents").click()
    assert window.workspaces.current_key() == "documents"
    assert window.workspaces.current_page() is window.documents_page and window.documents_page.isVisible()
