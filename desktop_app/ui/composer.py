"""The message box: Enter sends, Shift+Enter starts a new line; it grows with its text, then scrolls."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES = 2
MAX_LINES = 10  # past this many lines the box stops growing and scrolls


class Composer(QPlainTextEdit):
    submitted = Signal(str)
    refusedWhileBusy = Signal()  # Enter (or Send) while an answer is being written: nothing is sent

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setPlaceholderText(self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)"))
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Message"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.busy = False  # the page sets it while an answer streams
        self.allow_blank = False  # set while files are attached: a file alone can be sent
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())
        self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Emit the text unless it is blank; an empty message is never sent, nor one while an answer streams."""
        if self.busy:
            self.refusedWhileBusy.emit()
            return
        text = self.toPlainText()
        if not text.strip() and not self.allow_blank:
            return
        self.submitted.emit(text)

    # -- height ----------------------------------------------------------------------

    def line_count(self) -> int:
        """Lines as shown (wrapped lines count), from the plain-text layout, which measures in lines."""
        return max(1, int(self.document().documentLayout().documentSize().height()))

    def height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        document = int(self.document().documentMargin() * 2)
        return lines * self.fontMetrics().lineSpacing() + document + margins.top() + margins.bottom() + 2

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(super().sizeHint().width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # a narrower box wraps into more lines

    def changeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt naming)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit_height()

    def _fit_height(self) -> None:
        lines = min(MAX_LINES, max(MIN_LINES, self.line_count()))
        height = self.height_for(lines)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if self.line_count() > MAX_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
