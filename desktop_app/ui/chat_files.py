"""Files dropped on the chat: their text is attached to the message being written, with its size in tokens.

The size shows at once as an estimate; when a model is loaded, a small job on the engine thread
(after whatever runs there) counts the tokens with the model's own tokenizer and replaces it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QObject, QSize
from PySide6.QtWidgets import QFileDialog, QToolButton, QWidget

from desktop_app.core.chat.attachments import ATTACHABLE_SUFFIXES, read_attachment
from desktop_app.core.engine import ModelInfo
from desktop_app.core.engine.remote import estimate_tokens
from desktop_app.core.errors import InkstoneError
from desktop_app.ui import icons
from desktop_app.ui.composer_box import BUTTON_ICON, AttachmentChip, ComposerBox
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.file_drop import FileDrop
from desktop_app.ui.job_client import JobClient


class ChatFiles(QObject):
    def __init__(self, box: ComposerBox, widgets: Iterable[QWidget], runner: EngineRunner,
                 model: Callable[[], ModelInfo | None], on_error: Callable[[str], object]) -> None:
        super().__init__(box)
        self.box = box
        self.model = model
        self.on_error = on_error
        self.jobs = JobClient(runner, self)
        self.drop = FileDrop(widgets, sorted(ATTACHABLE_SUFFIXES), self.attach)
        self.button = QToolButton()  # the page puts it in the composer box
        self.button.setObjectName("attachButton")
        self.button.setIcon(icons.icon("mdi6.paperclip"))
        self.button.setIconSize(QSize(BUTTON_ICON, BUTTON_ICON))
        self.button.setToolTip(self.tr("Attach a file's text to the message (or drop the file here)"))
        self.button.setAccessibleName(self.tr("Attach a file"))
        self.button.clicked.connect(self.choose)

    def choose(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(ATTACHABLE_SUFFIXES))
        names, _ = QFileDialog.getOpenFileNames(
            self.box, self.tr("Attach files"), str(Path.home()),
            self.tr("Text and documents ({0});;All files (*)").format(patterns))
        if names:
            self.attach([Path(name) for name in names])

    def refresh_icons(self) -> None:
        self.button.setIcon(icons.icon("mdi6.paperclip"))

    def attach(self, paths: list[Path]) -> int:
        """Attach each readable file; a file that cannot be read is named in a message. Returns how many were."""
        added = 0
        problems: list[str] = []
        for path in paths:
            try:
                attachment = read_attachment(path)
            except InkstoneError as exc:
                problems.append(self.tr("{0} cannot be attached: {1}.").format(path.name, str(exc).rstrip(".")))
                continue
            self.box.add_attachment(attachment, estimate_tokens(attachment.text), context=self._context())
            added += 1
        if problems:
            self.on_error(" ".join(problems))
        self.box.editor.setFocus()
        self.count_tokens()
        return added

    def _context(self) -> int:
        model = self.model()
        return model.n_ctx if model is not None else 0

    def model_changed(self) -> None:
        """Another model has another tokenizer: count again (or estimate, with none)."""
        for chip in self.box.chips:
            chip.set_tokens(chip.tokens or 0, exact=False, context=self._context())
        self.count_tokens()

    def count_tokens(self) -> None:
        """Replace the estimates with the loaded model's count."""
        if self.jobs.busy or self.model() is None:
            return
        chips = [chip for chip in self.box.chips if not chip.exact]
        if not chips:
            return
        texts = [chip.attachment.text for chip in chips]

        def work(engine, _on_text, _on_progress, _cancel) -> list[int]:  # noqa: ANN001
            return [engine.count_tokens(text) for text in texts]

        self.jobs.start(work, on_finished=lambda counts: self._counted(chips, counts),
                        on_failed=lambda _message: None)  # the estimate stays

    def _counted(self, chips: list[AttachmentChip], counts: object) -> None:
        assert isinstance(counts, list)
        for chip, count in zip(chips, counts):
            if chip in self.box.chips:
                chip.set_tokens(count, exact=True, context=self._context())
        self.count_tokens()  # files dropped while this count ran
