"""Asking before loading a model that will probably not fit: a smaller context, load anyway, or not."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.models.fit import FitReport
from desktop_app.ui.models.fit_badge import available_text, estimate_text


@dataclass(frozen=True)
class LoadDecision:
    n_ctx: int | None = None  # load with this smaller context (saved for the model); None: as set


def ask_wont_fit(parent: QWidget, model_name: str, report: FitReport) -> LoadDecision | None:
    """Show the estimate and the choices; None means do not load."""
    box = QMessageBox(parent)
    box.setObjectName("wontFitDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("WontFitDialog", "Model too large"))
    box.setText(QCoreApplication.translate("WontFitDialog", "{0} will probably not fit in this computer's memory.")
                .format(model_name))
    details = [estimate_text(report.estimate), available_text(report.ram_available_bytes, report.gpu_free_bytes)]
    smaller = report.comfortable_context or report.largest_context
    if smaller:
        details.append(QCoreApplication.translate("WontFitDialog", "With a context of {0:,} tokens it would fit.")
                       .format(smaller))
    else:
        details.append(QCoreApplication.translate(
            "WontFitDialog", "Even a small context will not fit: a smaller quantization or model would."))
    details.append(QCoreApplication.translate(
        "WontFitDialog", "Loading it anyway may fail, or make the computer very slow while it swaps."))
    box.setInformativeText("\n\n".join(details))
    smaller_button = None
    if smaller:
        smaller_button = box.addButton(
            QCoreApplication.translate("WontFitDialog", "Use {0:,} Tokens").format(smaller),
            QMessageBox.ButtonRole.AcceptRole,
        )
    anyway = box.addButton(QCoreApplication.translate("WontFitDialog", "Load Anyway"),
                           QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(smaller_button or cancel)
    box.exec()
    clicked = box.clickedButton()
    if smaller_button is not None and clicked is smaller_button:
        return LoadDecision(n_ctx=smaller)
    if clicked is anyway:
        return LoadDecision()
    return None


def confirm(parent: QWidget, title: str, text: str, ok_label: str) -> bool:
    """A yes/no question; the default answer is No."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok
