"""Models › Serve: the switch that serves the window's model to other programs, its address and its token."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.serve.config import DEFAULT_HOST, ServeConfig
from desktop_app.core.settings import Settings
from desktop_app.ui.error_banner import ErrorBanner
from desktop_app.ui.serve.local_server import LocalServer


class ServePanel(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("servePanel")
        self.settings = settings
        self.server: LocalServer | None = None

        intro = QLabel(self.tr(
            "Let other programs on this computer use the loaded model through the OpenAI API: editors "
            "(Continue), scripts with the openai package, translation tools. Their requests wait their turn "
            "with the window's own work. Only this computer can connect, and every request needs the token."
        ))
        intro.setWordWrap(True)
        self.switch = QCheckBox(self.tr("Serve the loaded model"))
        self.switch.setObjectName("serveSwitch")
        self.port = QSpinBox()
        self.port.setObjectName("servePort")
        self.port.setRange(1024, 65535)
        self.port.setValue(settings.serve_port if 1024 <= settings.serve_port <= 65535 else ServeConfig().port)
        self.port.setMaximumWidth(120)
        self.address = QLineEdit()
        self.address.setObjectName("serveAddress")
        self.address.setReadOnly(True)
        self.token = QLineEdit()
        self.token.setObjectName("serveToken")
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_token = QCheckBox(self.tr("Show"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copyTokenButton")
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setObjectName("regenerateTokenButton")
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        token_row.addWidget(self.copy_button)
        token_row.addWidget(self.regenerate_button)
        self.status = QLabel()
        self.status.setObjectName("serveStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = ErrorBanner("serveBanner")

        form = QFormLayout()
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Address:"), self.address)
        form.addRow(self.tr("API token:"), token_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.switch)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.switch.toggled.connect(self._switched)
        self.port.valueChanged.connect(self._port_changed)
        self.show_token.toggled.connect(self._show_token)
        self.copy_button.clicked.connect(self.copy_token)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.setEnabled(False)  # until bind()

    def bind(self, server: LocalServer) -> None:
        """Show and drive the window's server (the token is read, or made, now)."""
        self.server = server
        server.stateChanged.connect(self._refresh)
        server.tokenChanged.connect(self.token.setText)
        self.token.setText(server.token())
        self.setEnabled(True)
        self._refresh()

    def copy_token(self) -> None:
        QGuiApplication.clipboard().setText(self.token.text())
        self.status.setText(self.tr("The token was copied: paste it into the program as its API key."))

    def regenerate(self) -> None:
        if self.server is None:
            return
        self.server.regenerate_token()
        self.status.setText(self.tr("A new token was made. Programs that used the old one must be given the new one."))

    def _switched(self, on: bool) -> None:
        if self.server is None:
            return
        if on:
            self.server.start(self.port.value(), tuple(self.settings.serve_origins))
        else:
            self.server.stop()
        self._refresh()

    def _port_changed(self, port: int) -> None:
        self.settings.serve_port = port
        try:
            self.settings.save()
        except OSError:
            pass  # the port still applies now; the window reports settings it cannot save elsewhere
        self._refresh()

    def _show_token(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _refresh(self) -> None:
        server = self.server
        if server is None:
            return
        running, starting = server.running, server.starting
        self.switch.blockSignals(True)
        self.switch.setChecked(running or starting)
        self.switch.blockSignals(False)
        self.port.setEnabled(not (running or starting))
        self.address.setText(server.address or ServeConfig(DEFAULT_HOST, self.port.value()).address)
        if server.error:
            self.banner.show_message(server.error)
        else:
            self.banner.dismiss()
        if running:
            self.status.setText(self.tr(
                "Serving at {0}. Point a program's OpenAI base URL there and give it the token as its API key."
            ).format(server.address))
        elif starting:
            self.status.setText(self.tr("Starting…"))
        else:
            self.status.setText(self.tr("Not serving."))
