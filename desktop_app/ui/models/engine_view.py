"""Models › Engine: run the model on this computer, or use one on an OpenAI-compatible server.

With a server (vLLM, llama.cpp's llama-server, Ollama, LM Studio, another Inkstone), Chat,
Translate and Draft stream from it; the chat template is the server's. The window connects
`remoteRequested` and `localRequested` and tells the view which model is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import ModelInfo
from desktop_app.core.engine.remote import RemoteSettings
from desktop_app.core.engine_choice import saved_remote, uses_remote
from desktop_app.core.settings import Settings


class EngineView(QWidget):
    remoteRequested = Signal(object)  # RemoteSettings
    localRequested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engineView")
        self.local_choice = QRadioButton(self.tr("This computer: a model file run by llama.cpp"))
        self.local_choice.setObjectName("localEngineChoice")
        self.remote_choice = QRadioButton(self.tr(
            "An OpenAI-compatible server: vLLM, llama-server, Ollama, LM Studio or another Inkstone"))
        self.remote_choice.setObjectName("remoteEngineChoice")
        choices = QButtonGroup(self)
        choices.addButton(self.local_choice)
        choices.addButton(self.remote_choice)

        saved = saved_remote(settings)
        self.url = QLineEdit(saved.url)
        self.url.setObjectName("remoteUrl")
        self.url.setPlaceholderText("http://gpu-box:8000/v1")
        self.api_key = QLineEdit(saved.api_key)
        self.api_key.setObjectName("remoteApiKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(self.tr("if the server asks for one"))
        self.model_name = QLineEdit(saved.model)
        self.model_name.setObjectName("remoteModel")
        self.model_name.setPlaceholderText(self.tr("the first model the server lists"))
        self.context = QSpinBox()
        self.context.setObjectName("remoteContext")
        self.context.setRange(0, 1_048_576)
        self.context.setSingleStep(1024)
        self.context.setSpecialValueText(self.tr("as the server reports it"))
        self.context.setValue(saved.n_ctx)
        self.context.setMaximumWidth(240)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("API key:"), self.api_key)
        form.addRow(self.tr("Model:"), self.model_name)
        form.addRow(self.tr("Context window:"), self.context)

        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyEngineButton")
        self.status = QLabel()
        self.status.setObjectName("engineStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # model names and messages come from the server
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.local_choice)
        layout.addWidget(self.remote_choice)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

        (self.remote_choice if uses_remote(settings) else self.local_choice).setChecked(True)
        self.remote_choice.toggled.connect(self._choice_changed)
        self.apply_button.clicked.connect(self.apply)
        self.url.returnPressed.connect(self.apply)
        self._choice_changed()

    def remote_settings(self) -> RemoteSettings:
        return RemoteSettings(self.url.text().strip(), self.api_key.text().strip(), self.model_name.text().strip(),
                              self.context.value())

    def apply(self) -> None:
        if self.remote_choice.isChecked():
            if not self.url.text().strip():
                self.status.setText(self.tr("Enter the server's address, for example http://gpu-box:8000/v1."))
                return
            self.status.setText(self.tr("Connecting to {0}…").format(self.url.text().strip()))
            self.remoteRequested.emit(self.remote_settings())
        else:
            self.status.setText(self.tr("Loading the model on this computer…"))
            self.localRequested.emit()

    def set_loaded_model(self, info: ModelInfo | None) -> None:
        if info is None:
            self.status.setText("")
        elif info.server:
            if info.n_ctx_train:
                context = self.tr("context {0} tokens").format(f"{info.n_ctx:,}")
            else:
                context = self.tr("the server does not say its context size: {0} tokens assumed; set it above "
                                  "if you know it").format(f"{info.n_ctx:,}")
            self.status.setText(self.tr("Connected to {0}: {1}, {2}.").format(info.server, info.name, context))
        else:
            self.status.setText(self.tr("Running {0} on this computer ({1}).").format(info.name, info.backend))

    def show_failure(self, message: str) -> None:
        self.status.setText(message)

    def _choice_changed(self) -> None:
        remote = self.remote_choice.isChecked()
        self.form.setEnabled(remote)
        self.apply_button.setText(self.tr("Connect") if remote else self.tr("Use This Computer"))
