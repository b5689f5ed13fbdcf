"""The conversation as one read-only rich-text document, with one answer growing at its end.

Finished messages are rendered once and their HTML cached by (key, role, text), so
re-showing a conversation costs one ``setHtml``. A long conversation opens with its last
screenful; the older messages are rendered and put in above it a few at a time, between
events, so opening one never stalls the window however long it is. While an answer streams, pieces go into
a buffer and at most once a frame ``stream_render`` turns what arrived into HTML: blocks
that can no longer change are inserted once after the ones before them, and only the short
open tail at the end of the document is replaced. Nothing before the tail is touched, so
the GUI thread's work per frame depends neither on the length of the conversation nor on
that of the answer, and the model keeps the CPU. When the answer ends it is rendered whole
once and cached. The text always comes from the caller, never read back out of the widget.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_app.ui import markdown_render
from desktop_app.ui.growing_message import GrowingMessage
from desktop_app.ui.stream_render import IncrementalMarkdown, Piece, Update

FRAME_MS = 16  # a growing answer is rendered at most once a frame (slower screens: once theirs)
FIRST_SCREEN = 24  # messages rendered at once when a conversation opens: more than a screen holds
OLDER_CHUNK = 16  # older messages then go in above, this many per turn of the event loop
_SLOWEST_FRAME_MS = 33
CACHE_SIZE = 4000  # finished messages whose HTML is kept
_BOTTOM_SLACK = 4  # pixels from the bottom that still count as "at the bottom"
_LABEL_TOP, _LABEL_BOTTOM = 12, 4  # margins of the role label that starts each message
# role label colours for a light and a dark palette: who said what, at a glance
_LABEL_COLOURS = {
    False: {"user": "#1c5fb0", "assistant": "#2e7d32"},
    True: {"user": "#8ab4f8", "assistant": "#81c995"},
}


def _no_footer(_key: object) -> str:
    return ""


def _label_block_format() -> QTextBlockFormat:
    """The role label's block format: insertHtml into an existing block keeps that block's format."""
    block = QTextBlockFormat()
    block.setTopMargin(_LABEL_TOP)
    block.setBottomMargin(_LABEL_BOTTOM)
    return block


@dataclass
class _Stream:
    key: object
    role: str
    start: int  # document position where the growing message (its label) begins
    body: GrowingMessage
    markdown: IncrementalMarkdown | None  # None: a role shown as typed, re-rendered whole
    pieces: list[str] = field(default_factory=list)  # the text as handed in
    dirty: bool = False


class MessageView(QTextBrowser):
    """Role-labelled messages; the user's text as typed, the assistant's as Markdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setReadOnly(True)
        self.setOpenLinks(False)  # links are opened by _open_link, and only http(s)
        self.anchorClicked.connect(self._open_link)
        self.document().setUndoRedoEnabled(False)  # replaced ranges would pile up in the undo stack
        # (key, role, text, footer, dark palette) -> HTML; code colours follow the palette
        self._cache: OrderedDict[tuple[object, str, str, str, bool], str] = OrderedDict()
        self._stream: _Stream | None = None
        self._footer: Callable[[object], str] = _no_footer
        self._older: list[tuple[object, str, str]] = []  # not yet shown, oldest first: they go in above
        self._older_timer = QTimer(self)
        self._older_timer.setSingleShot(True)
        self._older_timer.setInterval(0)
        self._older_timer.timeout.connect(self._show_older)
        self._stick_to_bottom = True
        self._adjusting_scroll = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._render_stream)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # -- finished messages ------------------------------------------------------------

    def set_messages(self, messages: Sequence[tuple[object, str, str]]) -> None:
        """Replace the whole view by (key, role, text) messages; cached ones are not re-rendered.

        The last FIRST_SCREEN are shown at once; older ones follow above them between events.
        """
        self._drop_stream()
        self._stick_to_bottom = True
        messages = list(messages)
        recent, self._older = messages[-FIRST_SCREEN:], messages[:-FIRST_SCREEN]
        self.document().setHtml("".join(self._message_html(key, role, text) for key, role, text in recent))
        self._scroll_to_bottom()
        if self._older:
            self._older_timer.start()

    def append_message(self, key: object, role: str, text: str) -> None:
        """Add one finished message at the end (an answer still streaming is finished first)."""
        if self._stream is not None:
            self.end_stream()
        self._insert_at_end(self._message_html(key, role, text))

    def clear_messages(self) -> None:
        self._drop_stream()
        self._older_timer.stop()
        self._older = []
        self._stick_to_bottom = True
        self.document().clear()

    def set_footer(self, footer: Callable[[object], str]) -> None:
        """`footer(key)`: trusted HTML drawn under a finished message (an answer's sources), or ""."""
        self._footer = footer

    def forget_rendered(self) -> None:
        """Drop the cached HTML of finished messages (the next showing renders them again)."""
        self._cache.clear()

    def showing_all(self) -> bool:
        """False while older messages of the conversation are still to be put in above."""
        return not self._older

    def _show_older(self) -> None:
        """Put the next older messages in above the ones shown, keeping what the user looks at in place."""
        chunk, self._older = self._older[-OLDER_CHUNK:], self._older[:-OLDER_CHUNK]
        if not chunk:
            return
        fragment = "".join(self._message_html(key, role, text) for key, role, text in chunk)
        bar = self.verticalScrollBar()
        value, height = bar.value(), bar.maximum()
        self._adjusting_scroll = True
        try:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.insertBlock(_label_block_format(), QTextCharFormat())  # the old first message keeps its block
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.setBlockFormat(_label_block_format())
            cursor.insertHtml(fragment)
            cursor.endEditBlock()
            if self._stick_to_bottom:
                self._scroll_to_bottom()
            else:
                bar.setValue(value + bar.maximum() - height)
        finally:
            self._adjusting_scroll = False
        if self._older:
            self._older_timer.start()

    def _show_all_older(self) -> None:
        """Before the end of the document changes (a new message, an answer): positions must not move after."""
        self._older_timer.stop()
        while self._older:
            self._show_older()
        self._older_timer.stop()

    # -- the growing message -------------------------------------------------------------

    def begin_stream(self, key: object, role: str = "assistant") -> None:
        """Start an empty message at the end that append_stream_text grows."""
        self._show_all_older()  # the growing message keeps document positions: nothing may go in above it
        if self._stream is not None:
            self.end_stream()
        start = self._insert_at_end(self._wrap(role, "").rstrip())
        body = GrowingMessage(self.document(), self.document().characterCount() - 1)
        markdown = None
        if role == "assistant":
            dark = self._dark()
            markdown = IncrementalMarkdown(lambda text: markdown_render.render_markdown(text, dark=dark))
        self._stream = _Stream(key, role, start, body, markdown)
        self._timer.setInterval(self._frame_ms())

    def append_stream_text(self, text: str) -> None:
        """Cheap per token batch: buffer the text; it is rendered at the next frame."""
        stream = self._stream
        if stream is None or not text:
            return
        stream.pieces.append(text)
        if stream.markdown is not None:
            stream.markdown.append(text)
        stream.dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def end_stream(self, final_text: str | None = None) -> None:
        """Render the finished answer whole, once (``final_text`` if given), and cache it."""
        stream = self._stream
        if stream is None:
            return
        self._timer.stop()
        if final_text is not None:
            stream.pieces = [final_text]
        text = "".join(stream.pieces)
        self._replace_stream_range(stream, self._message_html(stream.key, stream.role, text))
        self._stream = None

    def stream_text(self) -> str:
        """What has been streamed so far ("" when nothing streams)."""
        return "" if self._stream is None else "".join(self._stream.pieces)

    def _render_stream(self) -> None:
        """One frame's work: what became final goes in once, the open tail is replaced."""
        stream = self._stream
        if stream is None or not stream.dirty:
            return
        stream.dirty = False
        if stream.markdown is None:  # no caller streams these; short, so shown whole each time
            update = Update([], {}, Piece(self._body_html(stream.role, "".join(stream.pieces))), more=False)
        else:
            update = stream.markdown.step()
        stream.body.apply(update)
        if update.more:  # text handed over in one go is caught up over the next frames
            stream.dirty = True
            self._timer.start()

    def _drop_stream(self) -> None:
        self._timer.stop()
        self._stream = None
        self._older_timer.stop()
        self._older = []

    def _frame_ms(self) -> int:
        screen = self.screen()
        rate = screen.refreshRate() if screen is not None else 0.0
        return FRAME_MS if rate <= 0 else min(_SLOWEST_FRAME_MS, max(FRAME_MS, round(1000 / rate)))

    # -- document editing ------------------------------------------------------------------

    def _insert_at_end(self, fragment: str) -> int:
        """Insert ``fragment`` as new blocks at the end; returns the position where it starts."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        if not self.document().isEmpty():
            cursor.insertBlock(_label_block_format(), QTextCharFormat())
        else:
            cursor.setBlockFormat(_label_block_format())
        start = cursor.position()
        cursor.insertHtml(fragment)
        cursor.endEditBlock()
        return start

    def _replace_stream_range(self, stream: _Stream, fragment: str) -> None:
        """Swap the growing message (start..end of document) for ``fragment``; nothing else moves."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(stream.start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # The block left at `start` keeps the format of the last block removed (a list item,
        # a code block...); give it back the label's format, which insertHtml would not set.
        cursor.setBlockFormat(_label_block_format())
        cursor.setBlockCharFormat(QTextCharFormat())
        cursor.setCharFormat(QTextCharFormat())
        cursor.insertHtml(fragment)
        cursor.endEditBlock()

    # -- HTML ----------------------------------------------------------------------------

    def _message_html(self, key: object, role: str, text: str) -> str:
        footer = self._footer(key)
        cache_key = (key, role, text, footer, self._dark())
        cached = self._cache.get(cache_key)
        if cached is not None:
            self._cache.move_to_end(cache_key)
            return cached
        rendered = self._wrap(role, self._body_html(role, text) + footer)
        self._cache[cache_key] = rendered
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return rendered

    def _body_html(self, role: str, text: str) -> str:
        if role == "assistant":
            return markdown_render.render_markdown(text, dark=self._dark())
        escaped = html.escape(text, quote=False).replace("\n", "<br />")
        return f"<p>{escaped}</p>"

    def _wrap(self, role: str, body: str) -> str:
        label = html.escape(self._role_label(role), quote=False)
        colour = _LABEL_COLOURS[self._dark()].get(role, "")
        style = f' style="color: {colour};"' if colour else ""
        return (
            f'<p style="margin-top: {_LABEL_TOP}px; margin-bottom: {_LABEL_BOTTOM}px;">'
            f"<b><span{style}>{label}</span></b></p>\n"
            f"{body.strip()}"
        )

    def _role_label(self, role: str) -> str:
        if role == "user":
            return self.tr("You")
        if role == "assistant":
            return self.tr("Assistant")
        if role == "system":
            return self.tr("System")
        return role.capitalize()

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    # -- links and scrolling -------------------------------------------------------------------

    def _open_link(self, url: QUrl) -> None:
        """Only web links leave the app; anything else (file:, javascript:, relative) is ignored."""
        if url.scheme().lower() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def _on_scrolled(self, value: int) -> None:
        if not self._adjusting_scroll:
            self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - _BOTTOM_SLACK

    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._stick_to_bottom:
            self._scroll_to_bottom()

    def _scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        self._adjusting_scroll = True
        try:
            bar.setValue(bar.maximum())
        finally:
            self._adjusting_scroll = False
