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

Each message is drawn as a card in a centred reading column (READING_WIDTH): the column is the root
frame's side margins, and the cards are painted behind the text from the label blocks' places, only
for the messages on screen, so they cost nothing per streamed piece. Their colours come from
ui/theme.py and are read at each paint, so a theme switch shows at once.

Acting on messages leaves that design alone. Each message's label line carries a named anchor,
and the view keeps the label blocks in document order (indexed once per insertion, never per
streamed piece), so the message under the mouse, or the one chosen with Alt+Up/Down, is found
by a binary search. Its actions are a small bar of buttons (given by the page) laid over the
label line, not HTML. A message with other versions shows "‹ 2/3 ›" in its label line as
inkstone: links, and a code block has a header with its language and a Copy link; links are
reached by Tab and Enter as well as by the mouse.
"""

from __future__ import annotations

import bisect
import html
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QEvent, QRect, QRectF, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.ui import markdown_render, theme
from desktop_app.ui.theme import RADIUS, READING_WIDTH, SPACE
from desktop_app.ui.growing_message import GrowingMessage
from desktop_app.ui.rich_text_browser import RichTextBrowser
from desktop_app.ui.stream_render import IncrementalMarkdown, Piece, Update

FRAME_MS = 16  # a growing answer is rendered at most once a frame (slower screens: once theirs)
FIRST_SCREEN = 24  # messages rendered at once when a conversation opens: more than a screen holds
OLDER_CHUNK = 16  # older messages then go in above, this many per turn of the event loop
_SLOWEST_FRAME_MS = 33
CACHE_SIZE = 4000  # finished messages whose HTML is kept
_BOTTOM_SLACK = 4  # pixels from the bottom that still count as "at the bottom"
CARD_GAP = 10  # pixels between two message cards
CARD_PADDING = 12  # from a card's edge to its text
_TEXT_INSET = 4
# Margins of the role label that starts each message: the top one holds the padding at the bottom of the
# card before, the gap between two cards and this card's padding.
_LABEL_TOP, _LABEL_BOTTOM = 2 * CARD_PADDING + CARD_GAP, 6
HIGHLIGHT_MS = 2000  # how long a message opened from a search stays outlined
_ANCHOR_PREFIX = "inkstone-message-"  # the named anchor in each label line: inkstone-message-<serial>
_LINK_SCHEME = "inkstone"
BRANCH_PREVIOUS, BRANCH_NEXT = "branch-previous", "branch-next"
_BAR_MARGIN = 6


class ViewMessage(NamedTuple):
    """A finished message to show; `branch` is (its number, how many versions) when it has siblings."""

    key: object
    role: str
    text: str
    branch: tuple[int, int] | None = None
    meta: str = ""  # shown after the role, muted: the model's name and the time of an answer


def _view_message(message: Sequence[object]) -> ViewMessage:
    return message if isinstance(message, ViewMessage) else ViewMessage(*message)  # type: ignore[arg-type]


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
    branch: tuple[int, int] | None = None
    meta: str = ""


class MessageView(RichTextBrowser):
    """Role-labelled messages; the user's text as typed, the assistant's as Markdown."""

    actionRequested = Signal(str, object)  # BRANCH_PREVIOUS or BRANCH_NEXT, message key (from the "‹ ›" links)
    targetChanged = Signal(object)  # the message under the mouse or chosen by keyboard (None: none)
    codeCopied = Signal()
    undoRequested = Signal()  # Edit › Undo (Ctrl+Z) while the conversation has the focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setReadOnly(True)
        self.setOpenLinks(False)  # links are opened by _open_link, and only http(s)
        self.anchorClicked.connect(self._open_link)
        self.document().setUndoRedoEnabled(False)  # replaced ranges would pile up in the undo stack
        # (key, role, text, branch, details, footer, theme) -> HTML; code colours follow the palette
        self._cache: OrderedDict[tuple[object, ...], str] = OrderedDict()
        self._stream: _Stream | None = None
        self._footer: Callable[[object], str] = _no_footer
        self._older: list[ViewMessage] = []  # not yet shown, oldest first: they go in above
        self._texts: dict[object, tuple[str, str]] = {}  # key -> (role, text) of the messages shown
        self._serials: dict[object, int] = {}  # key -> the number in its label's anchor
        self._keys: dict[int, object] = {}
        self._labels: list[tuple[object, QTextBlock]] = []  # the label block of each message, in order
        self._indexes: dict[object, int] = {}  # key -> its place in _labels
        self._column = (0, 0)  # left edge and width of the cards, in viewport pixels
        self._flashed: object | None = None  # a message outlined for a moment (highlight_message)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_highlight)
        self._hovered: object | None = None
        self._selected: object | None = None
        self._target: object | None = None
        self._bar: QWidget | None = None
        self._pressed_at: int | None = None  # document position of the last mouse press (for Copy links)
        self.message_menu: QMenu | None = None  # the page's message actions, added to the context menu
        self.copy_label = self.tr("Copy")
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

    def set_messages(self, messages: Sequence[ViewMessage | tuple[object, str, str]]) -> None:
        """Replace the whole view by messages ((key, role, text) or ViewMessage); cached ones are not
        re-rendered. The last FIRST_SCREEN are shown at once; older ones follow above them between events.
        """
        self._drop_stream()
        self._stick_to_bottom = True
        shown = [_view_message(message) for message in messages]
        self._texts = {m.key: (m.role, m.text) for m in shown}
        recent, self._older = shown[-FIRST_SCREEN:], shown[:-FIRST_SCREEN]
        self.document().setHtml("".join(self._message_html(*message) for message in recent))
        self._apply_column(force=True)
        self._set_labels(self._labels_in(0, self.document().characterCount()))
        self._forget_gone_targets()
        self._scroll_to_bottom()
        if self._older:
            self._older_timer.start()

    def append_message(self, key: object, role: str, text: str, branch: tuple[int, int] | None = None,
                       meta: str = "") -> None:
        """Add one finished message at the end (an answer still streaming is finished first)."""
        if self._stream is not None:
            self.end_stream()
        self._texts[key] = (role, text)
        start = self._insert_at_end(self._message_html(key, role, text, branch, meta))
        self._set_labels(self._labels + self._labels_in(start, self.document().characterCount()))

    def clear_messages(self) -> None:
        self._drop_stream()
        self._older_timer.stop()
        self._older = []
        self._stick_to_bottom = True
        self._texts = {}
        self.document().clear()
        self._apply_column(force=True)
        self._set_labels([])
        self._forget_gone_targets()

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
        fragment = "".join(self._message_html(*message) for message in chunk)
        length_before = self.document().characterCount()
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
            self._set_labels(self._labels_in(0, self.document().characterCount() - length_before) + self._labels)
            if self._stick_to_bottom:
                self._scroll_to_bottom()
            else:
                bar.setValue(value + bar.maximum() - height)
        finally:
            self._adjusting_scroll = False
        self._place_bar()
        if self._older:
            self._older_timer.start()

    def _show_all_older(self) -> None:
        """Before the end of the document changes (a new message, an answer): positions must not move after."""
        self._older_timer.stop()
        while self._older:
            self._show_older()
        self._older_timer.stop()

    # -- the growing message -------------------------------------------------------------

    def begin_stream(self, key: object, role: str = "assistant", branch: tuple[int, int] | None = None,
                     meta: str = "") -> None:
        """Start an empty message at the end that append_stream_text grows."""
        self._show_all_older()  # the growing message keeps document positions: nothing may go in above it
        if self._stream is not None:
            self.end_stream()
        start = self._insert_at_end(self._wrap(key, role, "", branch, meta).rstrip())
        self._set_labels(self._labels + self._labels_in(start, self.document().characterCount()))
        body = GrowingMessage(self.document(), self.document().characterCount() - 1)
        markdown = None
        if role == "assistant":
            dark, label = self._dark(), self.copy_label
            markdown = IncrementalMarkdown(
                lambda text: markdown_render.render_markdown(text, dark=dark, copy_label=label))
        self._stream = _Stream(key, role, start, body, markdown, branch=branch, meta=meta)
        self._texts[key] = (role, "")
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
        self._replace_stream_range(stream, self._message_html(stream.key, stream.role, text, stream.branch,
                                                              stream.meta))
        self._texts[stream.key] = (stream.role, text)
        kept = [entry for entry in self._labels if entry[0] != stream.key and entry[1].isValid()
                and entry[1].position() < stream.start]
        self._set_labels(kept + self._labels_in(stream.start, self.document().characterCount()))
        self._stream = None
        self._place_bar()

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

    def _message_html(self, key: object, role: str, text: str, branch: tuple[int, int] | None = None,
                      meta: str = "") -> str:
        footer = self._footer(key)
        cache_key = (key, role, text, branch, meta, footer, theme.current())
        cached = self._cache.get(cache_key)
        if cached is not None:
            self._cache.move_to_end(cache_key)
            return cached
        rendered = self._wrap(key, role, self._body_html(role, text) + footer, branch, meta)
        self._cache[cache_key] = rendered
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return rendered

    def _body_html(self, role: str, text: str, copy_links: bool = True) -> str:
        if role == "assistant":
            label = self.copy_label if copy_links else None
            return markdown_render.render_markdown(text, dark=self._dark(), copy_label=label)
        escaped = html.escape(text, quote=False).replace("\n", "<br />")
        return f"<p>{escaped}</p>"

    def _wrap(self, key: object, role: str, body: str, branch: tuple[int, int] | None = None, meta: str = "") -> str:
        serial = self._serial(key)
        colours = theme.current()
        label = html.escape(self._role_label(role), quote=False)
        colour = {"user": colours.accent, "assistant": colours.success}.get(role, colours.muted)
        style = f' style="color: {colour};"'
        details = (f'&nbsp;&nbsp;<span style="color: {colours.muted};">{html.escape(meta, quote=False)}</span>'
                   if meta else "")
        navigator = ""
        if branch is not None and branch[1] > 1:
            number, count = branch
            arrow = ('<a href="{href}" style="text-decoration: none; color: {colour};">'
                     '<span style="font-size: large; font-weight: bold;">&nbsp;{text}&nbsp;</span></a>')
            still = '<span style="font-size: large; font-weight: bold; color: {colour};">&nbsp;{text}&nbsp;</span>'
            previous = (arrow.format(href=f"{_LINK_SCHEME}:{BRANCH_PREVIOUS}/{serial}", colour=colours.accent, text="‹")
                        if number > 1 else still.format(colour=colours.border, text="‹"))
            following = (arrow.format(href=f"{_LINK_SCHEME}:{BRANCH_NEXT}/{serial}", colour=colours.accent, text="›")
                         if number < count else still.format(colour=colours.border, text="›"))
            navigator = (f'&nbsp;&nbsp;{previous}<span style="color: {colours.muted};">{number}/{count}</span>'
                         f'{following}')
        return (
            f'<p style="margin-top: {_LABEL_TOP}px; margin-bottom: {_LABEL_BOTTOM}px;">'
            f'<a name="{_ANCHOR_PREFIX}{serial}"></a><b><span{style}>{label}</span></b>{details}{navigator}</p>\n'
            f"{body.strip()}"
        )

    def _serial(self, key: object) -> int:
        serial = self._serials.get(key)
        if serial is None:
            serial = self._serials[key] = len(self._serials) + 1
            self._keys[serial] = key
        return serial

    def _role_label(self, role: str) -> str:
        if role == "user":
            return self.tr("You")
        if role == "assistant":
            return self.tr("Assistant")
        if role == "system":
            return self.tr("System")
        return role.capitalize()

    def _dark(self) -> bool:
        return theme.current().dark

    # -- links and scrolling -------------------------------------------------------------------

    def _open_link(self, url: QUrl) -> None:
        """Only web links leave the app; inkstone: links act in the view; anything else (file:,
        javascript:, relative) is ignored."""
        scheme = url.scheme().lower()
        if scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif scheme == _LINK_SCHEME:
            self._inkstone_link(url.path())

    def _inkstone_link(self, path: str) -> None:
        if path == markdown_render.COPY_CODE_HREF.split(":", 1)[1]:
            self._copy_code()
            return
        action, _, serial = path.partition("/")
        key = self._keys.get(int(serial)) if serial.isdigit() else None
        if action in (BRANCH_PREVIOUS, BRANCH_NEXT) and key is not None:
            self.actionRequested.emit(action, key)

    def _on_scrolled(self, value: int) -> None:
        if not self._adjusting_scroll:
            self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - _BOTTOM_SLACK
        self._place_bar()

    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._stick_to_bottom:
            self._scroll_to_bottom()
        self._place_bar()

    def _scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        self._adjusting_scroll = True
        try:
            bar.setValue(bar.maximum())
        finally:
            self._adjusting_scroll = False

    # -- which message is where ------------------------------------------------------------------

    def message_keys(self) -> list[object]:
        """The keys of the messages in the document, in order (older ones still to come excluded)."""
        return [key for key, _block in self._labels]

    def message_text(self, key: object) -> tuple[str, str] | None:
        """(role, text) of a message shown (a streaming one: what has come so far)."""
        if self._stream is not None and self._stream.key == key:
            return self._stream.role, self.stream_text()
        return self._texts.get(key)

    def message_plain_text(self, key: object) -> str | None:
        """A message as a reader sees it: an answer's Markdown rendered, without code headers or markup."""
        shown = self.message_text(key)
        if shown is None:
            return None
        role, text = shown
        if role != "assistant":
            return text
        document = QTextDocument()
        document.setHtml(self._body_html(role, text, copy_links=False))
        return document.toPlainText().strip()

    def message_at(self, position: int) -> object | None:
        """The key of the message the document position is in."""
        index = self._label_index(position)
        return None if index is None else self._labels[index][0]

    def _label_index(self, position: int) -> int | None:
        index = bisect.bisect_right(self._labels, position, key=lambda entry: entry[1].position()) - 1
        return index if index >= 0 else None

    def _set_labels(self, labels: list[tuple[object, QTextBlock]]) -> None:
        """Once per message put in (never per streamed piece): where each message is, for lookups by key."""
        self._labels = labels
        self._indexes = {key: index for index, (key, _block) in enumerate(labels)}

    def _labels_in(self, start: int, end: int) -> list[tuple[object, QTextBlock]]:
        """The label blocks between two document positions: those whose first character names a message."""
        found = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            # textFormats() gives copies: PySide's block iterators and fragments point into the
            # document's internals and crashed here (a segfault, or an endless loop) once freed.
            formats = block.textFormats()
            if formats and formats[0].start == 0:
                for name in formats[0].format.anchorNames():
                    if name.startswith(_ANCHOR_PREFIX) and name[len(_ANCHOR_PREFIX):].isdigit():
                        key = self._keys.get(int(name[len(_ANCHOR_PREFIX):]))
                        if key is not None:
                            found.append((key, block))
                        break
            block = block.next()
        return found

    def _range_of(self, key: object) -> tuple[int, int] | None:
        """Where a message starts (its label) and ends in the document."""
        index = self._indexes.get(key)
        if index is None:
            return None
        end = (self._labels[index + 1][1].position() - 1 if index + 1 < len(self._labels)
               else self.document().characterCount() - 1)
        return self._labels[index][1].position(), end

    # -- the message actions apply to: hovered, or chosen by keyboard ----------------------------------

    def set_actions_bar(self, bar: QWidget) -> None:
        """The page's buttons for a message; the view lays them over the label line of the target message."""
        self._bar = bar
        bar.setParent(self.viewport())
        bar.hide()

    def target_key(self) -> object | None:
        return self._target

    def selected_key(self) -> object | None:
        return self._selected

    def select_message(self, key: object | None, *, scroll: bool = True) -> None:
        """Choose a message for the keyboard (its card outlined, scrolled into view); None clears the choice."""
        if key is not None and self._range_of(key) is None:
            self._show_all_older()
            if self._range_of(key) is None:
                key = None
        self._selected = key
        span = self._range_of(key) if key is not None else None
        if span is not None and scroll:
            self._scroll_to_position(span[0])
        self.viewport().update()
        self._set_target(key if key is not None else self._hovered)

    def highlight_message(self, key: object, ms: int = HIGHLIGHT_MS) -> None:
        """Outline a message's card for a moment (a search result just opened)."""
        self._flashed = key
        self._flash_timer.start(ms)
        self.viewport().update()

    def highlighted_key(self) -> object | None:
        return self._flashed

    def _end_highlight(self) -> None:
        self._flashed = None
        self.viewport().update()

    def select_next(self, step: int) -> object | None:
        """Alt+Down / Alt+Up: the message after (step 1) or before (-1) the chosen one; from the end if none."""
        if self._older and step < 0:
            self._show_all_older()
        keys = self.message_keys()
        if not keys:
            return None
        if self._selected in self._indexes:
            index = self._indexes[self._selected] + step
        else:
            index = len(keys) - 1 if step < 0 else len(keys)
        key = keys[index] if 0 <= index < len(keys) else None
        self.select_message(key)
        if key is None:
            self._stick_to_bottom = True
            self._scroll_to_bottom()
        return key

    def scroll_to_message(self, key: object, highlight: bool = True) -> bool:
        """Show the message near the top of the view, outlined for a moment (a search result);
        False if it is not in this conversation's branch."""
        if self._range_of(key) is None:
            self._show_all_older()
        span = self._range_of(key)
        if span is None:
            return False
        self._scroll_to_position(span[0], near_top=True)
        if highlight:
            self.highlight_message(key)
        return True

    def message_top(self, key: object) -> int | None:
        """Where the message's label line is, in viewport pixels (None: not in the document)."""
        span = self._range_of(key)
        if span is None:
            return None
        rect = self.document().documentLayout().blockBoundingRect(self.document().findBlock(span[0]))
        return int(rect.top()) - self.verticalScrollBar().value()

    def place_message(self, key: object, top: int) -> None:
        """Scroll so that the message's label line is `top` pixels from the top of the viewport (as
        message_top gave it before a redraw)."""
        if self._range_of(key) is None:
            self._show_all_older()
        span = self._range_of(key)
        if span is None:
            return
        rect = self.document().documentLayout().blockBoundingRect(self.document().findBlock(span[0]))
        bar = self.verticalScrollBar()
        self._stick_to_bottom = False
        bar.setValue(max(0, int(rect.top()) - top))
        self._stick_to_bottom = bar.value() >= bar.maximum() - _BOTTOM_SLACK

    def _scroll_to_position(self, position: int, near_top: bool = False) -> None:
        block = self.document().findBlock(position)
        rect = self.document().documentLayout().blockBoundingRect(block)
        bar = self.verticalScrollBar()
        top, height = int(rect.top()), self.viewport().height()
        if near_top or top < bar.value() or top + min(int(rect.height()), height // 2) > bar.value() + height:
            self._stick_to_bottom = False
            bar.setValue(max(0, top - height // 8))

    def _set_target(self, key: object | None) -> None:
        if key != self._target:
            self._target = key
            self.targetChanged.emit(key)
        self._place_bar()

    def _forget_gone_targets(self) -> None:
        shown = set(self.message_keys()) | {m.key for m in self._older}
        if self._selected is not None and self._selected not in shown:
            self._selected = None
            self.viewport().update()
        if self._hovered not in shown:
            self._hovered = None
        self._set_target(self._selected or self._hovered)

    def _place_bar(self) -> None:
        bar = self._bar
        if bar is None:
            return
        span = self._range_of(self._target) if self._target is not None else None
        if span is None:
            bar.hide()
            return
        block = self.document().findBlock(span[0])
        rect = self.document().documentLayout().blockBoundingRect(block)
        bar.adjustSize()
        y = int(rect.top() + (rect.height() - bar.height()) / 2) - self.verticalScrollBar().value()
        y = max(0, min(y, self.viewport().height() - bar.height()))
        left, width = self._column
        bar.move(max(0, left + width - bar.width() - _BAR_MARGIN), y)
        bar.show()
        bar.raise_()

    # -- the reading column and the cards ---------------------------------------------------------------

    def _apply_column(self, force: bool = False) -> None:
        """Messages sit in a centred column at most READING_WIDTH wide: the root frame's side margins."""
        width = self.viewport().width()
        card = max(0, min(READING_WIDTH, width - 2 * SPACE))
        left = max(0, (width - card) // 2)
        if not force and (left, card) == self._column:
            return
        self._column = (left, card)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        frame.setLeftMargin(left + CARD_PADDING + _TEXT_INSET)
        frame.setRightMargin(max(0, width - left - card) + CARD_PADDING + _TEXT_INSET)
        frame.setTopMargin(CARD_GAP + CARD_PADDING)  # the first block's own top margin is not applied
        frame.setBottomMargin(CARD_GAP + CARD_PADDING // 2)  # the last card's padding, with its last block's margin
        root.setFrameFormat(frame)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        """Cards behind the text: only those on screen, found by a binary search (bounded per frame)."""
        if self._labels:
            painter = QPainter(self.viewport())
            try:
                self._paint_cards(painter, event.rect())
            finally:
                painter.end()
        super().paintEvent(event)

    def _paint_cards(self, painter: QPainter, area: QRect) -> None:
        colours = theme.current()
        layout = self.document().documentLayout()
        offset = self.verticalScrollBar().value()
        labels = self._labels

        def top(entry: tuple[object, QTextBlock]) -> float:
            return layout.blockBoundingRect(entry[1]).top()

        first = max(0, bisect.bisect_right(labels, area.top() + offset, key=top) - 1)
        end_of_text = layout.documentSize().height() - CARD_GAP
        left, width = self._column
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for index in range(first, len(labels)):
            key = labels[index][0]
            card_top = top(labels[index]) - CARD_PADDING
            if card_top - offset > area.bottom():
                break
            card_bottom = top(labels[index + 1]) - CARD_PADDING - CARD_GAP if index + 1 < len(labels) else end_of_text
            role = self._texts.get(key, ("", ""))[0]
            chosen = key is not None and key in (self._selected, self._flashed)
            fill = colours.accent_soft if role == "user" else colours.surface
            pen = QPen(QColor(colours.accent if chosen else colours.border), 2 if chosen else 1)
            painter.setPen(pen)
            painter.setBrush(QColor(fill))
            rect = QRectF(left + 0.5, card_top - offset + 0.5, width - 1, card_bottom - card_top - 1)
            painter.drawRoundedRect(rect, RADIUS, RADIUS)

    # -- mouse, keyboard and menus --------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt naming)
        super().mouseMoveEvent(event)
        key = self.message_at(self.cursorForPosition(event.position().toPoint()).position())
        if key != self._hovered:
            self._hovered = key
            self._set_target(key)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt naming)
        self._pressed_at = self.cursorForPosition(event.position().toPoint()).position()
        super().mousePressEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        super().leaveEvent(event)
        bar = self._bar
        if bar is not None and bar.isVisible() and bar.geometry().contains(self.viewport().mapFromGlobal(
                self.cursor().pos())):
            return  # onto the bar's buttons: the message stays the target
        self._hovered = None
        self._set_target(self._selected)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        self._apply_column()
        super().resizeEvent(event)
        self._place_bar()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt naming)
        """The usual Copy and Select All, then the page's actions for the message clicked (or chosen)."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            key = self.message_at(self.cursorForPosition(event.pos()).position())
            if key is not None:
                self._hovered = key
                self._set_target(key)
        menu = self.createStandardContextMenu(event.pos())
        if self.message_menu is not None and self._target is not None:
            menu.addSeparator()
            for action in self.message_menu.actions():
                if action.isVisible():
                    menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def undo(self) -> None:
        """Edit › Undo with the conversation focused: nothing to undo in a read-only view, so the page's."""
        self.undoRequested.emit()

    # -- code blocks --------------------------------------------------------------------------------

    def _copy_code(self) -> None:
        """Copy the code block whose header's Copy link was activated (by mouse or keyboard)."""
        cursor = self.textCursor()
        position = self._pressed_at if self._pressed_at is not None else cursor.position()
        self._pressed_at = None
        if cursor.hasSelection() and cursor.charFormat().anchorHref() == markdown_render.COPY_CODE_HREF:
            position = cursor.selectionStart()  # reached with Tab and activated with Enter
        index = self._label_index(position)
        if index is None:
            return
        key, label = self._labels[index]
        shown = self.message_text(key)
        if shown is None:
            return
        ordinal = -1
        block = label
        while block.isValid() and block.position() <= position:
            if any(part.format.anchorHref() == markdown_render.COPY_CODE_HREF for part in block.textFormats()):
                ordinal += 1
            block = block.next()
        sources = markdown_render.code_block_sources(shown[1])
        if 0 <= ordinal < len(sources):
            QGuiApplication.clipboard().setText(sources[ordinal])
            self.codeCopied.emit()
