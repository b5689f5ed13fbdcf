"""A quiet line under the conversation: how full the model's context window is, and what that means.

It says how many tokens the conversation takes of the window, when older messages have
left the model's view, when a question was too long and its beginning was cut, and how
far the model has read a long conversation before it starts answering.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop_app.core.chat import ContextUse


class ContextMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contextMeter")
        self.notice = QLabel()
        self.notice.setObjectName("contextNotice")
        self.notice.setWordWrap(True)
        self.usage = QLabel()
        self.usage.setObjectName("contextUsage")
        self.bar = QProgressBar()
        self.bar.setObjectName("contextBar")
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(80)
        self.bar.setFixedHeight(6)
        self.bar.setAccessibleName(self.tr("Context window used"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.notice, 1)
        layout.addWidget(self.usage)
        layout.addWidget(self.bar)
        self.clear()

    def clear(self) -> None:
        self.notice.clear()
        self.usage.clear()
        self.bar.hide()

    def show_reading(self, done: int, total: int) -> None:
        """While a long prompt is read: the answer starts when this reaches 100 %."""
        percent = round(100 * done / total) if total else 100
        self.notice.setText(self.tr("Reading the conversation… {0} %").format(percent))

    def show_use(self, use: ContextUse) -> None:
        self.usage.setText(self.tr("{0} / {1} tokens").format(f"{use.used:,}", f"{use.window:,}"))
        self.usage.setToolTip(self.tr("How much of the model's context window this conversation takes"))
        self.bar.setRange(0, max(1, use.window))
        self.bar.setValue(min(use.used, use.window))
        self.bar.show()
        notices = []
        if use.question_cut_chars:
            notices.append(self.tr("Your message was too long for the model's context window: its first {0} "
                                   "characters were left out.").format(f"{use.question_cut_chars:,}"))
        if use.left_out:
            notices.append(self.tr("{0} older messages are outside the model's view.").format(use.left_out))
        self.notice.setText(" ".join(notices))
