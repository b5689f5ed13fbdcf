"""The chat's writing area: the growing message box with Send and Stop inside it, and the files attached.

While an answer streams, Stop takes Send's place; Enter then sends nothing, and says so: the
Stop button flashes and a line says how to stop the answer, instead of a silent refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_app.core.chat.attachments import Attachment, message_with
from desktop_app.ui import icons
from desktop_app.ui.composer import Composer
from desktop_app.ui.theme import SPACE

HINT_MS = 4000  # how long the "an answer is being written" line stays
FLASHES = 6  # Stop's highlight goes on and off three times
FLASH_MS = 160
BUTTON_ICON = 20


class AttachmentChip(QFrame):
    """One attached file: its name, its size in tokens, and a button that takes it off the message."""

    removeRequested = Signal(object)  # this chip

    def __init__(self, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.attachment = attachment
        self.tokens: int | None = None
        self.exact = False
        self.label = QLabel()
        self.label.setObjectName("attachmentLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is not HTML
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeAttachment")
        self.remove_button.setIcon(icons.icon("mdi6.close"))
        self.remove_button.setIconSize(QSize(14, 14))
        self.remove_button.setToolTip(self.tr("Remove {0} from the message").format(attachment.name))
        self.remove_button.setAccessibleName(self.tr("Remove"))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        icon = QLabel()
        icon.setPixmap(icons.icon("mdi6.paperclip").pixmap(14, 14))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE, 2, 2, 2)
        layout.setSpacing(SPACE // 2)
        layout.addWidget(icon)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)

    def set_tokens(self, tokens: int, exact: bool, context: int = 0) -> None:
        """`context`: the loaded model's context window; a file longer than it is marked."""
        self.tokens, self.exact = tokens, exact
        size = (self.tr("{0:,} tokens") if exact else self.tr("about {0:,} tokens")).format(tokens)
        self.label.setText(self.tr("{0} · {1}").format(self.attachment.name, size))
        too_long = 0 < context <= tokens
        tip = self.tr("{0}: {1:,} characters, sent with your message").format(
            self.attachment.name, len(self.attachment.text))
        if too_long:
            tip += "\n" + self.tr("Longer than the model's context window ({0:,} tokens): the model will not "
                                  "read all of it.").format(context)
        self.setToolTip(tip)
        if bool(self.label.property("tone")) != too_long:
            self.label.setProperty("tone", "danger" if too_long else None)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)


class ComposerBox(QFrame):
    submitted = Signal(str)  # the message as sent: the words typed, then the attached files' text
    attachmentsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerBox")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.editor = Composer()
        self.editor.submitted.connect(self._submit)
        self.editor.refusedWhileBusy.connect(self.show_busy_feedback)

        self.send_button = self._button("sendButton", "mdi6.send", self.tr("Send"), self.tr("Send (Enter)"))
        self.send_button.clicked.connect(self.editor.submit)
        self.stop_button = self._button("stopButton", "mdi6.stop", self.tr("Stop"), self.tr("Stop the answer (Esc)"))
        self.stop_button.setShortcut(Qt.Key.Key_Escape)
        self.stop_button.hide()

        self.hint = QLabel()
        self.hint.setObjectName("composerHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self.hint.hide)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash)
        self._flashes_left = 0

        self.chips: list[AttachmentChip] = []
        self.chip_row = QHBoxLayout()
        self.chip_row.setSpacing(SPACE // 2)
        self.chip_row.addStretch(1)
        self._chip_area = QWidget()
        self._chip_area.setObjectName("attachments")
        self._chip_area.setLayout(self.chip_row)
        self.chip_row.setContentsMargins(0, 0, 0, 0)
        self._chip_area.hide()

        buttons = self._buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE, SPACE // 2, SPACE // 2, SPACE // 2)
        layout.setSpacing(SPACE // 2)
        layout.addWidget(self._chip_area)
        layout.addLayout(row)
        layout.addWidget(self.hint)

    def _button(self, name: str, icon_name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setIcon(icons.icon(icon_name))
        button.setIconSize(QSize(BUTTON_ICON, BUTTON_ICON))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def add_tool(self, widget: QWidget) -> None:
        """Another control inside the box, above Send (the chat's Documents button, say)."""
        self._buttons.insertWidget(1, widget)

    # -- state ----------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        """While an answer streams, Stop stands where Send was."""
        self.editor.busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        if not busy:
            self._hint_timer.stop()
            self.hint.hide()
            self._flashes_left = 0
            self._set_flash(False)

    def show_busy_feedback(self) -> None:
        self.hint.setText(self.tr("An answer is being written. Press Esc (or the Stop button) to stop it, "
                                  "or wait for it to finish; your message stays here."))
        self.hint.show()
        self._hint_timer.start(HINT_MS)
        self._flashes_left = FLASHES
        self._flash()
        self._flash_timer.start()

    def refresh_icons(self) -> None:
        self.send_button.setIcon(icons.icon("mdi6.send"))
        self.stop_button.setIcon(icons.icon("mdi6.stop"))
        for chip in self.chips:
            chip.remove_button.setIcon(icons.icon("mdi6.close"))

    def _flash(self) -> None:
        if self._flashes_left <= 0:
            self._flash_timer.stop()
            self._set_flash(False)
            return
        self._flashes_left -= 1
        self._set_flash(self._flashes_left % 2 == 1)

    def _set_flash(self, on: bool) -> None:
        if bool(self.stop_button.property("flash")) != on:
            self.stop_button.setProperty("flash", on)
            self.stop_button.style().unpolish(self.stop_button)
            self.stop_button.style().polish(self.stop_button)

    # -- attachments ----------------------------------------------------------------------

    def attachments(self) -> list[Attachment]:
        return [chip.attachment for chip in self.chips]

    def add_attachment(self, attachment: Attachment, tokens: int, exact: bool = False,
                       context: int = 0) -> AttachmentChip:
        chip = AttachmentChip(attachment)
        chip.set_tokens(tokens, exact, context)
        chip.removeRequested.connect(self.remove_attachment)
        self.chips.append(chip)
        self.chip_row.insertWidget(self.chip_row.count() - 1, chip)
        self._attachments_changed()
        return chip

    def remove_attachment(self, chip: AttachmentChip) -> None:
        if chip in self.chips:
            self.chips.remove(chip)
            chip.hide()
            chip.deleteLater()
            self._attachments_changed()
            self.editor.setFocus()

    def clear_attachments(self) -> None:
        for chip in list(self.chips):
            self.remove_attachment(chip)

    def _attachments_changed(self) -> None:
        self._chip_area.setVisible(bool(self.chips))
        self.editor.allow_blank = bool(self.chips)
        self.attachmentsChanged.emit()

    def _submit(self, text: str) -> None:
        self.submitted.emit(message_with(text, self.attachments()))
