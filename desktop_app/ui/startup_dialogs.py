"""What the window asks or tells at start-up: a database it refused, a crash of the last run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.diagnostics import CrashReport


class FreshDatabaseDialog(QMessageBox):
    """The database was refused: start with a new one beside it, or quit. The old file is kept as is."""

    def __init__(self, reason: str, kept: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshDatabaseDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Inkstone cannot open its database"))
        self.setText(reason)
        self.setInformativeText(
            self.tr(
                "Inkstone can start with a new, empty database. The old file is not changed: "
                "it stays in the same folder, renamed to {0}."
            ).format(kept.name)
        )
        self.fresh_button = self.addButton(self.tr("Start with a New Database"), QMessageBox.ButtonRole.AcceptRole)
        self.fresh_button.setObjectName("freshDatabaseButton")
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)

    def start_fresh(self) -> bool:
        """Ask (modal); True when the user chose a new database."""
        self.exec()
        return self.clickedButton() is self.fresh_button


def show_crash_notice(parent: QWidget, crash: CrashReport, copy_diagnostics: Callable[[], None]) -> QMessageBox:
    """Tell that the last run crashed, with its report one click away; does not block the window."""
    box = QMessageBox(parent)
    box.setObjectName("crashNotice")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("CrashNotice", "Inkstone closed unexpectedly"))
    when = crash.when.strftime("%Y-%m-%d %H:%M")
    box.setText(QCoreApplication.translate("CrashNotice", "Inkstone stopped unexpectedly on {0}.").format(when))
    box.setInformativeText(
        QCoreApplication.translate(
            "CrashNotice",
            "Its crash report was saved as {0}. Show Details displays it; Copy Diagnostics puts it on the "
            "clipboard with everything else a bug report needs.",
        ).format(crash.path)
    )
    box.setDetailedText(crash.text)
    copy = box.addButton(
        QCoreApplication.translate("CrashNotice", "Copy Diagnostics"), QMessageBox.ButtonRole.ActionRole
    )
    copy.setObjectName("copyDiagnosticsButton")
    copy.clicked.connect(copy_diagnostics)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
