"""The Catalogue tab: the curated models, with their size, licence, languages and a fit estimate."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.models.catalogue import CatalogueEntry
from desktop_app.core.models.catalogue_fit import catalogue_verdict
from desktop_app.ui import theme
from desktop_app.ui.models.fit_badge import badge_item, estimate_tooltip, recolour_badges
from desktop_app.ui.models.formatting import describe_bytes, describe_parameters
from desktop_app.ui.models.model_table import ModelTable, text_item

SHOWN_LANGUAGES = 5
Key = tuple[str, str]  # (repo_id, filename)


def entry_key(entry: CatalogueEntry) -> Key:
    return (entry.repo_id, entry.filename)


class CatalogueView(QWidget):
    downloadClicked = Signal(object)  # CatalogueEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueView")
        self._entries: list[CatalogueEntry] = []
        self._installed: set[Key] = set()
        self._states: dict[Key, str] = {}
        self._memory: tuple[int, int | None, int] = (4096, None, 0)  # n_ctx, free RAM, free GPU

        self.intro = QLabel(
            self.tr("Recommended models for chat, translation and drafting. The fit is estimated for a context of "
                    "{0:,} tokens; hover over it for the figures.").format(4096)
        )
        self.intro.setWordWrap(True)
        self.table = ModelTable(
            [
                self.tr("Name"),
                self.tr("Parameters"),
                self.tr("Quantization"),
                self.tr("Download size"),
                self.tr("Licence"),
                self.tr("Languages"),
                self.tr("Good for"),
                self.tr("Fit"),
                self.tr("Status"),
            ]
        )
        self.table.setObjectName("catalogueTable")
        self.table.rowActivated.connect(self._download_row)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setObjectName("catalogueSummary")
        self.summary.setWordWrap(True)
        self.download_button = QPushButton(self.tr("&Download"))
        self.download_button.setObjectName("catalogueDownloadButton")
        self.download_button.setToolTip(self.tr("Download the selected model (Enter)"))
        self.download_button.clicked.connect(lambda: self._download_row(self.table.current_row()))

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._selection_changed()
        theme.when_changed(self._theme_changed)

    def _theme_changed(self, colours: theme.Colours) -> None:
        recolour_badges(self.table, colours)

    def set_entries(self, entries: list[CatalogueEntry]) -> None:
        self._entries = list(entries)
        self._refill()
        if self._entries and self.table.current_row() < 0:
            self.table.selectRow(0)

    def show_error(self, message: str) -> None:
        self.intro.setText(self.tr("The catalogue could not be read: {0}").format(message))

    def set_memory(self, n_ctx: int, ram_available: int | None, gpu_free: int) -> None:
        self._memory = (n_ctx, ram_available, gpu_free)
        self.intro.setText(
            self.tr("Recommended models for chat, translation and drafting. The fit is estimated for a context of "
                    "{0:,} tokens; hover over it for the figures.").format(n_ctx)
        )
        self._refill()

    def set_states(self, installed: set[Key], states: dict[Key, str]) -> None:
        """Which entries are installed, and a short download status for those in the queue."""
        self._installed = set(installed)
        self._states = dict(states)
        self._refill()

    def entries(self) -> list[CatalogueEntry]:
        return list(self._entries)

    def select(self, entry_id: str) -> bool:
        for row, entry in enumerate(self._entries):
            if entry.id == entry_id:
                self.table.selectRow(row)
                return True
        return False

    def selected(self) -> CatalogueEntry | None:
        row = self.table.current_row()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    # -- internals ----------------------------------------------------------------------------
    def _refill(self) -> None:
        selected = self.table.current_row()
        self.table.setRowCount(len(self._entries))
        n_ctx, ram, gpu = self._memory
        for row, entry in enumerate(self._entries):
            size = describe_bytes(entry.size_bytes)
            if entry.size_approximate:
                size = "~" + size
            languages = ", ".join(entry.languages[:SHOWN_LANGUAGES])
            if len(entry.languages) > SHOWN_LANGUAGES:
                languages += self.tr(" +{0}").format(len(entry.languages) - SHOWN_LANGUAGES)
            names = ", ".join(QLocale.languageToString(QLocale(code).language()) for code in entry.languages)
            name_tip = entry.summary + (
                "\n" + self.tr("Gated: accept its licence on Hugging Face and log in before downloading.")
                if entry.gated
                else ""
            )
            self.table.setItem(row, 0, text_item(entry.name, name_tip.strip()))
            self.table.setItem(row, 1, text_item(describe_parameters(entry.parameters), align_right=True))
            self.table.setItem(row, 2, text_item(entry.quantization))
            self.table.setItem(row, 3, text_item(size, align_right=True))
            self.table.setItem(row, 4, text_item(entry.license))
            self.table.setItem(row, 5, text_item(languages, names))
            self.table.setItem(row, 6, text_item(", ".join(self._task_name(t) for t in entry.tasks)))
            verdict, estimate = catalogue_verdict(entry, n_ctx, ram, gpu)
            self.table.setItem(row, 7, badge_item(verdict, estimate_tooltip(verdict, estimate, ram, gpu)))
            self.table.setItem(row, 8, text_item(self._status(entry)))
        if 0 <= selected < len(self._entries):
            self.table.selectRow(selected)
        self._selection_changed()

    def _status(self, entry: CatalogueEntry) -> str:
        key = entry_key(entry)
        if key in self._installed:
            return self.tr("Installed")
        return self._states.get(key, "")

    def _task_name(self, task: str) -> str:
        return {"chat": self.tr("chat"), "translate": self.tr("translation"), "draft": self.tr("drafting"),
                "embedding": self.tr("document search")}.get(
            task, task
        )

    def _downloadable(self, entry: CatalogueEntry | None) -> bool:
        if entry is None:
            return False
        key = entry_key(entry)
        return key not in self._installed and key not in self._states

    def _download_row(self, row: int) -> None:
        if 0 <= row < len(self._entries) and self._downloadable(self._entries[row]):
            self.downloadClicked.emit(self._entries[row])

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.download_button.setEnabled(self._downloadable(entry))
        if entry is None:
            self.summary.setText("")
            return
        text = entry.summary
        if entry.gated:
            text += " " + self.tr("(Gated: accept its licence on Hugging Face and log in first.)")
        self.summary.setText(text.strip())
