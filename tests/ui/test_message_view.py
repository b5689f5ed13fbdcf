"""MessageView: whole conversations from cache, and one answer growing at the end without touching the rest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor

from desktop_app.ui import markdown_render, message_view, stream_render, theme
from desktop_app.ui.message_view import MessageView, ViewMessage

CONVERSATION = [
    (1, "user", "How do I reverse a list?\nIn Python, please."),
    (
        2,
        "assistant",
        "Use **slicing**:\n\n```python\nitems[::-1]\n```\n\n| way | copies |\n|---|---|\n| `[::-1]` | yes |",
    ),
    (3, "user", "And in place?"),
    (4, "assistant", "- `items.reverse()`\n- 就地反转列表。"),
]


@pytest.fixture
def view(qtbot) -> MessageView:
    widget = MessageView()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def render_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text handed to render_markdown, in order."""
    calls: list[str] = []
    real = markdown_render.render_markdown

    def spy(text: str, **kwargs: object) -> str:
        calls.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(markdown_render, "render_markdown", spy)
    yield calls


def answer_pieces(count: int) -> list[str]:
    """A Markdown answer cut into token-sized pieces, cutting through fences and table rows."""
    lines = ["Here is **the plan**:", "", "```python"]
    lines += [f"step_{i} = run({i})  # 步骤 {i}" for i in range(12)]
    lines += ["```", "", "| n | square |", "|---|---|"] + [f"| {i} | {i * i} |" for i in range(8)]
    lines += ["", "最后，完成。"]
    text = "\n".join(lines)
    cuts = [len(text) * i // count for i in range(count + 1)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def feed(qtbot, view: MessageView, pieces: list[str]) -> None:
    """Hand the pieces over one per event-loop turn, as the worker's signals would."""
    remaining = list(pieces)
    timer = QTimer(view)
    timer.setInterval(1)

    def next_piece() -> None:
        if remaining:
            view.append_stream_text(remaining.pop(0))
        else:
            timer.stop()

    timer.timeout.connect(next_piece)
    timer.start()
    qtbot.waitUntil(lambda: not remaining, timeout=10_000)


def block_shapes(view: MessageView) -> list[tuple[str, float, float, bool]]:
    shapes = []
    block = view.document().begin()
    while block.isValid():
        fmt = block.blockFormat()
        shapes.append((block.text(), fmt.topMargin(), fmt.bottomMargin(), block.textList() is not None))
        block = block.next()
    return shapes


def test_set_messages_shows_every_message_under_its_role(view: MessageView) -> None:
    view.set_messages(CONVERSATION)

    shown = view.toPlainText()
    assert shown.count("You\n") == 2
    assert shown.count("Assistant\n") == 2
    assert "How do I reverse a list?\nIn Python, please." in shown
    assert "Use slicing:" in shown  # Markdown rendered, not shown raw
    assert "items[::-1]" in shown
    assert "就地反转列表。" in shown
    assert view.objectName() == "messageView"
    assert view.isReadOnly()


def test_user_text_is_shown_as_typed_not_as_markup(view: MessageView) -> None:
    view.set_messages([(1, "user", "**not bold** <b>tag</b>\n<script>alert(1)</script>")])

    assert view.toPlainText() == "You\n**not bold** <b>tag</b>\n<script>alert(1)</script>"


def test_streamed_answer_appears_once_after_earlier_messages_untouched(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION)
    before = view.toPlainText()
    pieces = answer_pieces(200)
    full = "".join(pieces)

    view.begin_stream(5)
    feed(qtbot, view, pieces)
    qtbot.waitUntil(lambda: "最后，完成。" in view.toPlainText())
    assert view.stream_text() == full
    view.end_stream()

    shown = view.toPlainText()
    assert shown.startswith(before + "\nAssistant\nHere is the plan:")
    assert shown.count("How do I reverse a list?") == 1
    assert shown.count("step_11 = run(11)  # 步骤 11") == 1
    assert shown.count("最后，完成。") == 1
    assert shown.endswith("最后，完成。")
    assert view.stream_text() == ""


def test_pieces_arriving_within_a_frame_are_rendered_together(
    qtbot, view: MessageView, render_calls: list[str]
) -> None:
    view.set_messages(CONVERSATION)
    render_calls.clear()
    pieces = answer_pieces(200)

    view.begin_stream(5)
    for piece in pieces:  # all before the event loop runs again
        view.append_stream_text(piece)
    qtbot.waitUntil(lambda: view.toPlainText().endswith("最后，完成。"))

    assert len(render_calls) <= 2  # one frame: the finished blocks, then the open tail


def test_only_the_growing_message_is_rendered_while_streaming(
    qtbot, view: MessageView, render_calls: list[str]
) -> None:
    view.set_messages(CONVERSATION)
    render_calls.clear()
    pieces = answer_pieces(50)

    view.begin_stream(5)
    feed(qtbot, view, pieces)
    view.end_stream()

    streamed = "".join(pieces)
    assert render_calls
    assert all(text in streamed for text in render_calls)
    assert render_calls[-1] == streamed  # the finished answer, rendered whole once


def test_reshowing_a_conversation_does_not_render_finished_messages_again(
    view: MessageView, render_calls: list[str]
) -> None:
    view.set_messages(CONVERSATION)
    view.set_messages([(9, "assistant", "another chat")])
    render_calls.clear()

    view.set_messages(CONVERSATION)

    assert render_calls == []
    assert "就地反转列表。" in view.toPlainText()


def test_a_finished_stream_is_cached_for_the_next_showing(view: MessageView, render_calls: list[str]) -> None:
    view.set_messages(CONVERSATION)
    view.begin_stream(5)
    view.append_stream_text("partial")
    view.end_stream("The **final** answer.")
    render_calls.clear()

    view.set_messages([*CONVERSATION, (5, "assistant", "The **final** answer.")])

    assert render_calls == []
    assert view.toPlainText().endswith("Assistant\nThe final answer.")


def test_end_stream_with_final_text_replaces_what_was_streamed(view: MessageView) -> None:
    view.begin_stream(1)
    view.append_stream_text("draft that the store trimmed   ")
    view.end_stream("stored answer")

    assert view.toPlainText() == "Assistant\nstored answer"


def test_streaming_builds_the_same_document_as_showing_it_finished(
    qtbot, view: MessageView, render_calls: list[str]
) -> None:
    """Replacing the growing range must not leak a list or code-block format into the next message."""
    fresh = MessageView()
    qtbot.addWidget(fresh)
    fresh.set_messages(CONVERSATION)
    render_calls.clear()

    for key, role, text in CONVERSATION:
        if role == "user":
            view.append_message(key, role, text)
        else:
            view.begin_stream(key, role)
            feed(qtbot, view, [text[i : i + 3] for i in range(0, len(text), 3)])
            qtbot.waitUntil(lambda: render_calls and render_calls[-1] in text and text.endswith(render_calls[-1]))
            view.end_stream()

    assert block_shapes(view) == block_shapes(fresh)


def test_append_message_adds_at_the_end_and_keeps_the_rest(view: MessageView, render_calls: list[str]) -> None:
    view.set_messages(CONVERSATION)
    before = view.toPlainText()
    render_calls.clear()

    view.append_message(5, "user", "Thanks!")

    assert view.toPlainText() == before + "\nYou\nThanks!"
    assert render_calls == []


def test_clear_messages_empties_the_view_and_ends_the_stream(view: MessageView) -> None:
    view.set_messages(CONVERSATION)
    view.begin_stream(5)
    view.append_stream_text("half an answer")

    view.clear_messages()
    view.append_stream_text(" more")

    assert view.toPlainText() == ""
    assert view.stream_text() == ""


def test_showing_another_conversation_drops_the_stream(view: MessageView) -> None:
    view.begin_stream(5)
    view.append_stream_text("answer for the old chat")

    view.set_messages([(7, "user", "other chat")])

    assert view.stream_text() == ""
    assert view.toPlainText() == "You\nother chat"


def test_streaming_keeps_the_view_pinned_to_the_bottom(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION * 5)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    start_max = bar.maximum()

    view.begin_stream(99)
    feed(qtbot, view, answer_pieces(100))

    qtbot.waitUntil(lambda: bar.maximum() > start_max + 200 and bar.value() == bar.maximum())


def test_streaming_leaves_a_reader_who_scrolled_up_where_they_are(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION * 5)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    start_max = bar.maximum()
    bar.setValue(10)  # the reader scrolls up

    view.begin_stream(99)
    feed(qtbot, view, answer_pieces(100))

    qtbot.waitUntil(lambda: bar.maximum() > start_max + 200)
    assert bar.value() == 10


def test_streaming_leaves_a_reader_who_scrolls_up_mid_answer_where_they_are(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION * 5)
    bar = view.verticalScrollBar()
    pieces = answer_pieces(100)
    view.begin_stream(99)
    feed(qtbot, view, pieces[:50])
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    following_max = bar.maximum()

    bar.setValue(10)  # the reader scrolls up while the answer grows
    feed(qtbot, view, pieces[50:])

    qtbot.waitUntil(lambda: bar.maximum() > following_max + 100)
    assert bar.value() == 10


STREAM_SHAPES = {
    "headings": "# Title\n\nText under it.\n\nSub\n---\nA line\nthen ===\n",
    "fence opened and closed mid-stream": "Run:\n\n```python\nx = 1\n# not a heading\n```\n\n- after\n",
    "nested list and quote": "- a\n  - b\n- c\n\n> quoted\nlazy\n\n1. one\n2. two\n",
    "table": "| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 四 |\n\nDone.",
    "reference link": "See [the docs].\n\nThen more.\n\n[the docs]: https://example.com/docs\n\nEnd.",
    "chinese": "这是一个中文回答。\n\n- 第一点：**重要**。\n\n最后的总结。",
}


def shown_when_finished(fresh: MessageView, text: str) -> str:
    fresh.set_messages([(text, "assistant", text)])
    return fresh.toPlainText()


@pytest.mark.parametrize("text", STREAM_SHAPES.values(), ids=STREAM_SHAPES.keys())
def test_while_streaming_the_view_shows_the_text_of_the_answer_so_far(qtbot, view: MessageView, text: str) -> None:
    fresh = MessageView()
    qtbot.addWidget(fresh)
    view.begin_stream(1)

    for end in range(3, len(text) + 3, 3):
        view.append_stream_text(text[end - 3 : end])
        expected = shown_when_finished(fresh, text[:end])
        qtbot.waitUntil(lambda: view.toPlainText() == expected, timeout=2000)

    view.end_stream()
    assert view.toPlainText() == shown_when_finished(fresh, text)


def long_answer() -> str:
    """About 20,000 characters, with a 400-line code block and a 150-item list."""
    parts = [f"## Part {i}\n\nProse about part {i}, with **bold** and `code`. 这是第{i}部分。\n" for i in range(40)]
    parts.insert(3, "```python\n" + "".join(f"value_{i} = compute({i}, scale=2)\n" for i in range(400)) + "```\n")
    parts.insert(8, "".join(f"- item {i} with *emphasis*\n" for i in range(150)))
    return "\n".join(parts)


# markdown is rendered in bounded pieces: what is finished, and an open tail (stream_render)
RENDER_BOUND = 2 * stream_render.TAIL_LIMIT + 300


def test_no_render_while_streaming_handles_more_than_a_bounded_part_of_a_long_answer(
    qtbot, view: MessageView, render_calls: list[str]
) -> None:
    view.set_messages(CONVERSATION)
    text = long_answer()
    render_calls.clear()

    view.begin_stream(5)
    feed(qtbot, view, [text[i : i + 40] for i in range(0, len(text), 40)])
    qtbot.waitUntil(lambda: view.toPlainText().endswith("这是第39部分。"))
    while_streaming = list(render_calls)
    view.end_stream()

    assert len(text) > 20_000
    assert max(map(len, while_streaming)) <= RENDER_BOUND
    assert render_calls[-1] == text  # the finished answer, rendered whole once


def test_a_long_streamed_answer_ends_as_the_same_document_as_showing_it_finished(qtbot, view: MessageView) -> None:
    text = long_answer()
    fresh = MessageView()
    qtbot.addWidget(fresh)
    fresh.set_messages([(5, "assistant", text)])

    view.begin_stream(5)
    feed(qtbot, view, [text[i : i + 40] for i in range(0, len(text), 40)])
    qtbot.waitUntil(lambda: view.toPlainText() == fresh.toPlainText())  # already while streaming
    view.end_stream()

    assert block_shapes(view) == block_shapes(fresh)


def test_an_answer_handed_over_at_once_is_shown_over_a_few_bounded_frames(
    qtbot, view: MessageView, render_calls: list[str]
) -> None:
    """Showing a chat again mid-answer hands over everything streamed so far in one piece."""
    text = long_answer()
    fresh = MessageView()
    qtbot.addWidget(fresh)
    fresh.set_messages([(5, "assistant", text)])
    render_calls.clear()

    view.begin_stream(5)
    view.append_stream_text(text)
    qtbot.waitUntil(lambda: view.toPlainText() == fresh.toPlainText())

    assert len(render_calls) > 5
    assert max(map(len, render_calls)) <= stream_render.WINDOW + RENDER_BOUND


def link_point(view: MessageView, text: str) -> QPoint:
    cursor = view.document().find(text)
    cursor.setPosition(cursor.selectionStart() + 2, QTextCursor.MoveMode.MoveAnchor)
    return view.cursorRect(cursor).center()


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(message_view.QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


def test_clicking_a_web_link_opens_it_outside_the_app(qtbot, view: MessageView, opened_urls: list[QUrl]) -> None:
    view.set_messages([(1, "assistant", "Read [the docs](https://example.com/docs) first.")])

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=link_point(view, "the docs"))

    assert opened_urls == [QUrl("https://example.com/docs")]
    assert "Read the docs first." in view.toPlainText()  # the view did not navigate away


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "settings.html", "mailto:a@b.c"])
def test_links_that_are_not_web_links_are_ignored(view: MessageView, opened_urls: list[QUrl], url: str) -> None:
    view.set_messages(CONVERSATION)

    view.anchorClicked.emit(QUrl(url))

    assert opened_urls == []
    assert "就地反转列表。" in view.toPlainText()



def long_conversation(count: int) -> list[tuple[object, str, str]]:
    messages: list[tuple[object, str, str]] = []
    for i in range(count):
        if i % 2 == 0:
            messages.append((i, "user", f"Question {i}?"))
        else:
            messages.append((i, "assistant", f"Answer {i}:\n\n```python\nprint({i})\n```\n\n- point {i}\n- done"))
    return messages


def test_a_long_conversation_opens_with_its_last_screen_and_the_rest_follows_above(
    qtbot, view: MessageView, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = long_conversation(200)
    reference = MessageView()
    qtbot.addWidget(reference)
    monkeypatch.setattr(message_view, "FIRST_SCREEN", 10_000)
    reference.set_messages(messages)  # everything at once
    monkeypatch.setattr(message_view, "FIRST_SCREEN", 24)

    view.set_messages(messages)

    first = view.toPlainText()
    assert "Answer 199:" in first and "Question 0?" not in first  # only the end, at once
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    qtbot.waitUntil(view.showing_all, timeout=10_000)
    assert view.toPlainText() == reference.toPlainText()
    assert block_shapes(view) == block_shapes(reference)
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()  # still at the end


def test_older_messages_going_in_above_leave_a_reader_where_they_are(qtbot, view: MessageView) -> None:
    view.set_messages(long_conversation(200))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    looking_at = view.cursorForPosition(QPoint(5, 5)).block().text()

    qtbot.waitUntil(view.showing_all, timeout=10_000)

    assert view.cursorForPosition(QPoint(5, 5)).block().text() == looking_at


def test_an_answer_started_while_older_messages_wait_finds_them_all_in_place(qtbot, view: MessageView) -> None:
    messages = long_conversation(200)
    view.set_messages(messages)
    assert not view.showing_all()

    view.begin_stream("new")
    feed(qtbot, view, ["The **new** answer."])
    view.end_stream()

    shown = view.toPlainText()
    assert view.showing_all() and "Question 0?" in shown and shown.endswith("The new answer.")


def test_a_code_block_s_copy_link_puts_its_code_on_the_clipboard(qtbot, view: MessageView) -> None:
    view.resize(600, 500)
    view.set_messages([
        (1, "user", "Two ways?"),
        (2, "assistant", "First:\n\n```python\nitems[::-1]\n```\n\nSecond:\n\n```js\nitems.reverse();\nreturn items;\n```"),
    ])
    copies = [view.document().find("Copy"), view.document().find("Copy", view.document().find("Copy"))]
    assert "python" in copies[0].block().text() and "js" in copies[1].block().text()  # headers name the language

    for cursor, code in zip(copies, ["items[::-1]", "items.reverse();\nreturn items;"]):
        cursor.setPosition(cursor.selectionStart() + 1)
        with qtbot.waitSignal(view.codeCopied):
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
        assert QGuiApplication.clipboard().text() == code


def test_scroll_to_message_brings_an_older_message_into_view_and_outlines_it(qtbot, view: MessageView) -> None:
    view.set_messages(long_conversation(200))
    assert not view.showing_all()

    assert view.scroll_to_message(2)

    top = view.message_top(2)
    assert top is not None and 0 <= top < view.viewport().height() // 2
    assert view.highlighted_key() == 2
    assert not view.scroll_to_message("not shown")


def test_messages_sit_in_a_centred_reading_column_on_a_wide_window(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION)
    view.resize(1600, 400)
    qtbot.waitUntil(lambda: view.viewport().width() > 1500)

    left, width = view._column
    assert width == theme.READING_WIDTH
    assert abs(left - (view.viewport().width() - left - width)) <= 1  # centred
    start = view.document().find("How do I reverse")
    start.setPosition(start.selectionStart())
    text_left = view.cursorRect(start).left()
    assert left < text_left < left + 40


def test_each_message_s_label_shows_the_details_and_the_branch_navigator(view: MessageView) -> None:
    view.set_messages([ViewMessage(1, "user", "Hi", (2, 3), "14:32"),
                       ViewMessage(2, "assistant", "Hello", None, "gemma-3 · 14:32")])

    text = view.toPlainText().replace("\u00a0", " ")
    assert "You  14:32" in text and "2/3" in text
    assert "Assistant  gemma-3 · 14:32" in text
    anchors = [view.document().find(arrow).charFormat().anchorHref() for arrow in ("‹", "›")]
    assert anchors[0].startswith("inkstone:branch-previous/") and anchors[1].startswith("inkstone:branch-next/")
    with_signal = []
    view.actionRequested.connect(lambda action, key: with_signal.append((action, key)))
    view.anchorClicked.emit(QUrl(anchors[1]))
    assert with_signal == [(message_view.BRANCH_NEXT, 1)]


def test_label_colours_follow_the_theme(qtbot, view: MessageView) -> None:
    view.set_messages(CONVERSATION)
    light = view.toHtml()
    theme._current = theme.DARK
    try:
        view.forget_rendered()
        view.set_messages(CONVERSATION)
        dark = view.toHtml()
    finally:
        theme._current = theme.LIGHT
    assert theme.LIGHT.accent in light and theme.DARK.accent not in light
    assert theme.DARK.accent in dark


def test_a_footer_is_drawn_under_its_finished_message_and_follows_changes(qtbot, view: MessageView) -> None:
    footers = {2: '<p><a href="inkstone-source:2/1">[1] notes.md</a></p>'}
    view.set_footer(lambda key: footers.get(key, ""))
    view.set_messages(CONVERSATION[:2])

    text = view.toPlainText()
    assert text.index("items[::-1]") < text.index("[1] notes.md") and text.count("[1] notes.md") == 1

    view.begin_stream(5)
    view.append_stream_text("Streaming")
    footers[5] = "<p>[2] later.md</p>"
    qtbot.waitUntil(lambda: "Streaming" in view.toPlainText())
    assert "[2] later.md" not in view.toPlainText()  # a growing answer has no footer yet
    view.end_stream("Done.")
    assert view.toPlainText().endswith("Done.\n[2] later.md")

    footers.pop(2)
    view.set_messages(CONVERSATION[:2])  # the same message, now without a footer: not the cached HTML
    assert "[1] notes.md" not in view.toPlainText()
