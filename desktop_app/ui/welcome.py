"""What an empty chat shows: what Inkstone is, prompts to try, and the way to a better model.

While a base model (the starter) is loaded, one button downloads the instruct model the
catalogue recommends for this computer (`core/models/recommend.py`), shown with its fit badge
and size; the window sends it through the Models page's download queue. While a model loads,
the panel says so, with its size and the time so far.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.recommend import Recommendation, recommend_instruct_model
from desktop_app.ui.theme import READING_WIDTH, SPACE

log = logging.getLogger(__name__)


def recommendation_for_this_computer(ram_available: int | None) -> Recommendation | None:
    """The catalogue's suggestion for this much free RAM; None when the catalogue cannot be read."""
    from desktop_app.core.models.catalogue import load_catalogue

    try:
        return recommend_instruct_model(load_catalogue(), ram_available)
    except InkstoneError:
        log.exception("No model suggestion: the catalogue could not be read")
        return None


class WelcomePanel(QScrollArea):
    promptChosen = Signal(str)  # an example prompt, for the composer
    workspaceRequested = Signal(str)  # "translate" or "draft"
    downloadRequested = Signal(object)  # the CatalogueEntry to download

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.recommendation: Recommendation | None = None
        self._ram: int | None = None
        self._recommended = False  # looked for (once: the catalogue and the free RAM are read then)

        self.title = QLabel(self.tr("Welcome to Inkstone"))
        self.title.setObjectName("welcomeTitle")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.7)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.intro = QLabel(self.tr(
            "A private assistant for chatting, translating and writing. The model runs on this computer: "
            "what you write stays here, with no account and no cloud."))
        self.intro.setObjectName("welcomeIntro")
        self.intro.setWordWrap(True)
        self.loading = QLabel()
        self.loading.setObjectName("loadProgress")
        self.loading.setProperty("muted", True)
        self.loading.hide()

        self.suggestion = QFrame()
        self.suggestion.setObjectName("modelSuggestion")
        self.suggestion.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.suggestion_text = QLabel()
        self.suggestion_text.setWordWrap(True)
        self.suggestion_text.setTextFormat(Qt.TextFormat.PlainText)  # a model's name comes from its file
        self.suggested_model = QLabel()
        self.suggested_model.setObjectName("suggestedModel")
        self.suggested_model.setTextFormat(Qt.TextFormat.PlainText)
        self.fit_badge = QLabel()
        self.fit_badge.setObjectName("suggestedModelFit")
        self.download_button = QPushButton()
        self.download_button.setObjectName("getRecommendedModel")
        self.download_button.setProperty("primary", True)
        self.download_button.clicked.connect(self._download)
        model_row = QHBoxLayout()
        model_row.addWidget(self.suggested_model)
        model_row.addWidget(self.fit_badge)
        model_row.addStretch(1)
        model_row.addWidget(self.download_button)
        suggestion_layout = QVBoxLayout(self.suggestion)
        suggestion_layout.setContentsMargins(SPACE * 2, SPACE * 3 // 2, SPACE * 2, SPACE * 3 // 2)
        suggestion_layout.addWidget(self.suggestion_text)
        suggestion_layout.addLayout(model_row)
        self.suggestion.hide()

        try_label = QLabel(self.tr("Try one of these"))
        try_label.setObjectName("welcomeHeading")
        examples = QGridLayout()
        examples.setHorizontalSpacing(SPACE)
        examples.setVerticalSpacing(SPACE)
        self.example_buttons: list[QPushButton] = []
        for column, (kind, prompt) in enumerate((
            (self.tr("Chat"), self.tr("Explain how a rainbow forms, in three short sentences.")),
            (self.tr("Translate"), self.tr("Translate into French: \"Where is the nearest train station?\"")),
            (self.tr("Draft"), self.tr("Write a short, polite email asking to move Tuesday's meeting to Thursday.")),
        )):
            button = QPushButton()
            button.setObjectName("examplePrompt")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setToolTip(self.tr("Put this in the message box"))
            label = QLabel(f"<b>{kind}</b><br>{prompt}")  # both from tr(): no user or model text
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            inner = QVBoxLayout(button)
            inner.setContentsMargins(SPACE * 3 // 2, SPACE, SPACE * 3 // 2, SPACE)
            inner.addWidget(label)
            inner.addStretch(1)
            button.setMinimumHeight(SPACE * 10)
            button.setAccessibleName(prompt)
            button.clicked.connect(lambda _checked=False, text=prompt: self.promptChosen.emit(text))
            examples.addWidget(button, 0, column)
            self.example_buttons.append(button)
        self.translate_link = QPushButton(self.tr("Translate a whole document in Translate"))
        self.translate_link.setObjectName("openTranslate")
        self.translate_link.setFlat(True)
        self.translate_link.clicked.connect(lambda: self.workspaceRequested.emit("translate"))
        self.draft_link = QPushButton(self.tr("Write a longer text in Draft"))
        self.draft_link.setObjectName("openDraft")
        self.draft_link.setFlat(True)
        self.draft_link.clicked.connect(lambda: self.workspaceRequested.emit("draft"))
        links = QHBoxLayout()
        links.addWidget(self.translate_link)
        links.addWidget(self.draft_link)
        links.addStretch(1)
        tip = QLabel(self.tr("Drop a text, Markdown, PDF, Word or HTML file here to ask about it."))
        tip.setProperty("muted", True)
        tip.setWordWrap(True)

        column_widget = QWidget()
        column_widget.setMaximumWidth(READING_WIDTH)
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(SPACE * 2, SPACE * 4, SPACE * 2, SPACE * 2)
        column.setSpacing(SPACE * 3 // 2)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addWidget(self.loading)
        column.addWidget(self.suggestion)
        column.addSpacing(SPACE)
        column.addWidget(try_label)
        column.addLayout(examples)
        column.addLayout(links)
        column.addWidget(tip)
        column.addStretch(1)
        content = QWidget()
        content.setObjectName("welcomeContent")
        centred = QHBoxLayout(content)
        centred.addStretch(1)
        centred.addWidget(column_widget, 100)
        centred.addStretch(1)
        self.setWidget(content)

    def set_model(self, info: ModelInfo | None, starter: bool = False) -> None:
        """The suggestion shows while a base model (the starter) is loaded, and only then."""
        base = info is not None and not info.is_instruct and not info.server
        if info is not None and base:
            self.suggestion_text.setText(self.tr(
                "You are using the starter model: a small base model that continues text rather than following "
                "instructions. It answers short questions; for real chat, translation and drafting, get an "
                "instruct model.") if starter else self.tr(
                "{0} is a base model: it continues text rather than following instructions. For chat, "
                "translation and drafting, an instruct model does much better.").format(info.name))
        if base and not self._recommended:
            from desktop_app.core.models.system_memory import available_memory

            self._recommended = True
            self._ram = available_memory()
            self.recommendation = recommendation_for_this_computer(self._ram)
            self._show_recommendation()
        self.suggestion.setVisible(base and self.recommendation is not None)

    def show_loading(self, text: str) -> None:
        self.loading.setText(text)
        self.loading.setVisible(bool(text))

    def refresh_badge(self) -> None:
        """The badge's colours come from the Models page's fit badge: drawn again with the theme."""
        if self.recommendation is not None:
            self._show_recommendation()

    def _show_recommendation(self) -> None:
        from desktop_app.ui import theme
        from desktop_app.ui.models.fit_badge import estimate_tooltip, verdict_colours, verdict_text
        from desktop_app.ui.models.formatting import describe_bytes

        recommendation = self.recommendation
        if recommendation is None:
            return
        entry = recommendation.entry
        size = ("~" if entry.size_approximate else "") + describe_bytes(entry.size_bytes)
        self.suggested_model.setText(self.tr("Recommended for this computer: {0} · {1}").format(entry.name, size))
        self.suggested_model.setToolTip(entry.summary)
        background, foreground = verdict_colours(recommendation.verdict, theme.current())
        self.fit_badge.setText(verdict_text(recommendation.verdict))
        self.fit_badge.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 4px; padding: 1px 6px; }}")
        self.fit_badge.setToolTip(estimate_tooltip(recommendation.verdict, recommendation.estimate, self._ram, 0))
        self.download_button.setText(self.tr("Get {0}").format(entry.name))
        self.download_button.setToolTip(self.tr("Download {0} ({1}) from Hugging Face; the Models page "
                                                "shows its progress").format(entry.name, size))

    def _download(self) -> None:
        if self.recommendation is not None:
            self.downloadRequested.emit(self.recommendation.entry)
