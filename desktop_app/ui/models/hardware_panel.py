"""The Hardware tab: what this llama.cpp build runs on, the devices and memory, and how to accelerate it."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.backend import BackendReport
from desktop_app.ui.models.formatting import describe_bytes
from desktop_app.ui.models.model_table import ModelTable, text_item

# From the README: rebuild llama-cpp-python with a GPU backend.
BUILDS = (
    (QT_TRANSLATE_NOOP("HardwarePanel", "NVIDIA CUDA (needs the CUDA toolkit)"), "-DGGML_CUDA=on"),
    (QT_TRANSLATE_NOOP("HardwarePanel", "Apple Silicon Metal (on by default on macOS)"), "-DGGML_METAL=on"),
    (QT_TRANSLATE_NOOP("HardwarePanel", "Vulkan (AMD, Intel and others)"), "-DGGML_VULKAN=on"),
)


@dataclass(frozen=True)
class HardwareSnapshot:
    report: BackendReport | None
    error: str | None
    ram_total: int | None
    ram_available: int | None

    @property
    def gpu_free(self) -> int:
        """Free memory on the GPUs this build can offload to (0 without a GPU build)."""
        if self.report is None or not self.report.gpu_offload:
            return 0
        return sum(d.memory_free or 0 for d in self.report.gpus)


def install_commands(python: str = sys.executable) -> str:
    lines = []
    for label, flag in BUILDS:
        lines.append("# " + QCoreApplication.translate("HardwarePanel", label))
        lines.append(f'CMAKE_ARGS="{flag}" "{python}" -m pip install --force-reinstall --no-cache-dir llama-cpp-python')
    lines.append("# " + QCoreApplication.translate("HardwarePanel", "Windows PowerShell: set the variable first, e.g."))
    lines.append(f'$env:CMAKE_ARGS="-DGGML_CUDA=on"; & "{python}" -m pip install --force-reinstall --no-cache-dir llama-cpp-python')
    return "\n".join(lines)


def describe_features(system_info: str) -> str:
    """llama.cpp's "CPU : SSE3 = 1 | AVX = 1 | ..." as "SSE3, AVX, ..." (the switched-on features)."""
    names = []
    for part in system_info.split("|"):
        name, _, value = part.rpartition("=")
        name = name.split(":")[-1].strip()
        if name and value.strip() == "1":
            names.append(name)
    return ", ".join(names) if names else system_info


class HardwarePanel(QWidget):
    refreshClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hardwarePanel")
        self.backend = QLabel(self.tr("Checking…"))
        self.backend.setObjectName("hardwareBackend")
        self.backend.setWordWrap(True)
        self.features = QLabel()
        self.features.setObjectName("hardwareFeatures")
        self.features.setWordWrap(True)
        self.features.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ram = QLabel(self.tr("Checking…"))
        self.ram.setObjectName("hardwareRam")
        form = QFormLayout()
        form.addRow(self.tr("llama.cpp build:"), self.backend)
        form.addRow(self.tr("Memory (RAM):"), self.ram)
        form.addRow(self.tr("CPU features:"), self.features)

        self.devices = ModelTable(
            [self.tr("Device"), self.tr("Kind"), self.tr("Description"), self.tr("Free memory"), self.tr("Total memory")]
        )
        self.devices.setObjectName("hardwareDevices")
        self.devices.horizontalHeader().setStretchLastSection(False)
        self.devices.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._fit_device_table()

        self.advice = QLabel()
        self.advice.setObjectName("hardwareAdvice")
        self.advice.setWordWrap(True)
        self.commands = QPlainTextEdit(install_commands())
        self.commands.setObjectName("hardwareCommands")
        self.commands.setReadOnly(True)
        self.commands.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.commands.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.commands.setTabChangesFocus(True)
        lines = self.commands.document().blockCount() + 1
        self.commands.setFixedHeight(self.commands.fontMetrics().lineSpacing() * lines + 12)
        self.copy_button = QPushButton(self.tr("&Copy Commands"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.commands.toPlainText()))
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.clicked.connect(self.refreshClicked)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Devices llama.cpp can use:")))
        layout.addWidget(self.devices)
        layout.addWidget(self.advice)
        layout.addWidget(self.commands)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def set_snapshot(self, snapshot: HardwareSnapshot) -> None:
        self.ram.setText(
            self.tr("{0} available of {1}").format(
                describe_bytes(snapshot.ram_available) if snapshot.ram_available is not None else "?",
                describe_bytes(snapshot.ram_total) if snapshot.ram_total is not None else "?",
            )
        )
        report = snapshot.report
        if report is None:
            self.backend.setText(self.tr("Unknown: {0}").format(snapshot.error or self.tr("llama.cpp is not installed")))
            self.features.setText("")
            self.devices.setRowCount(0)
            self.advice.setText(self.tr("To run models on a GPU, install llama-cpp-python built for it:"))
            return
        backend = report.backend_name(-1)
        if report.gpu_offload and report.gpus:
            self.backend.setText(
                self.tr("{0}: model layers run on the GPU (as many as fit in its memory).").format(backend)
            )
            self.advice.setText(self.tr("This build already uses the GPU. To switch to another backend, rebuild it:"))
        elif report.gpu_offload:
            self.backend.setText(self.tr("{0}-capable, but no GPU was found: models run on the CPU.").format(backend))
            self.advice.setText(self.tr("Check the GPU driver, or install a build for the GPU you have:"))
        else:
            self.backend.setText(self.tr("CPU only: models run on the processor."))
            self.advice.setText(
                self.tr("With a graphics card, a GPU build runs models several times faster. "
                        "Install one from a terminal, then restart Inkstone:")
            )
        self.features.setText(describe_features(report.system_info))
        self.features.setToolTip(report.system_info)
        self.devices.setRowCount(len(report.devices))
        kinds = {"cpu": self.tr("CPU"), "gpu": self.tr("GPU"), "accel": self.tr("accelerator")}
        for row, device in enumerate(report.devices):
            self.devices.setItem(row, 0, text_item(device.name))
            self.devices.setItem(row, 1, text_item(kinds.get(device.kind, device.kind)))
            self.devices.setItem(row, 2, text_item(device.description))
            free = describe_bytes(device.memory_free) if device.memory_free else "–"
            total = describe_bytes(device.memory_total) if device.memory_total else "–"
            self.devices.setItem(row, 3, text_item(free, align_right=True))
            self.devices.setItem(row, 4, text_item(total, align_right=True))
        self._fit_device_table()

    def _fit_device_table(self) -> None:
        """As tall as its rows: a machine has a handful of devices, never a scrolling list."""
        rows = max(1, self.devices.rowCount())
        height = self.devices.horizontalHeader().sizeHint().height() + rows * self.devices.verticalHeader().defaultSectionSize()
        self.devices.setFixedHeight(height + 2 * self.devices.frameWidth())
