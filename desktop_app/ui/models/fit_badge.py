"""How a memory-fit verdict looks: a short word, a colour and a tooltip that shows the sums."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidgetItem

from desktop_app.core.models.fit import FitReport, MemoryEstimate, Verdict, describe_bytes

_CONTEXT = "FitBadge"

# (background, text) per verdict: green, amber, red, grey.
COLOURS = {
    Verdict.FITS: ("#e3f4e1", "#1e5a1a"),
    Verdict.TIGHT: ("#fff3d6", "#6b4a00"),
    Verdict.WONT_FIT: ("#fde3e1", "#8a1c12"),
    Verdict.UNKNOWN: ("#eeeeee", "#444444"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.FITS: _tr("fits"),
        Verdict.TIGHT: _tr("tight"),
        Verdict.WONT_FIT: _tr("won't fit"),
        Verdict.UNKNOWN: _tr("unknown"),
    }[verdict]


def estimate_text(estimate: MemoryEstimate) -> str:
    return _tr("Needs about {0} at a context of {1:,} tokens: weights {2}, context cache {3}, overhead {4}.").format(
        describe_bytes(estimate.total_bytes),
        estimate.n_ctx,
        describe_bytes(estimate.weights_bytes),
        describe_bytes(estimate.kv_cache_bytes),
        describe_bytes(estimate.overhead_bytes),
    )


def available_text(ram: int | None, gpu_free: int) -> str:
    if ram is None:
        return _tr("This computer does not say how much memory is free.")
    if gpu_free > 0:
        return _tr("Available: {0} of RAM and {1} of GPU memory.").format(describe_bytes(ram), describe_bytes(gpu_free))
    return _tr("Available: {0} of RAM.").format(describe_bytes(ram))


def verdict_advice(verdict: Verdict) -> str:
    return {
        Verdict.FITS: _tr("It fits with room to spare."),
        Verdict.TIGHT: _tr(
            "It fits, but little memory would be left: other programs may slow down. "
            "A smaller context or quantization leaves more room."
        ),
        Verdict.WONT_FIT: _tr(
            "It will probably not fit: loading it may fail or make the computer swap. "
            "Choose a smaller context or a smaller quantization."
        ),
        Verdict.UNKNOWN: _tr("Inkstone cannot tell whether it fits."),
    }[verdict]


def report_tooltip(report: FitReport) -> str:
    lines = [
        verdict_advice(report.verdict),
        estimate_text(report.estimate),
        available_text(report.ram_available_bytes, report.gpu_free_bytes),
    ]
    if report.verdict in (Verdict.TIGHT, Verdict.WONT_FIT) and report.comfortable_context:
        lines.append(_tr("Fits comfortably up to a context of {0:,} tokens.").format(report.comfortable_context))
    elif report.verdict is Verdict.WONT_FIT and report.largest_context:
        lines.append(_tr("Fits only up to a context of {0:,} tokens.").format(report.largest_context))
    if report.gpu_free_bytes > 0:
        lines.append(_tr("GPU layers that fit: {0}.").format(report.gpu_layers))
    return "\n".join(lines)


def estimate_tooltip(verdict: Verdict, estimate: MemoryEstimate, ram: int | None, gpu_free: int) -> str:
    """For catalogue models, whose estimate is made without the file's header."""
    return "\n".join(
        [
            verdict_advice(verdict),
            estimate_text(estimate),
            available_text(ram, gpu_free),
            _tr("Estimated from the download size; the Installed list checks the real file."),
        ]
    )


def badge_item(verdict: Verdict, tooltip: str) -> QTableWidgetItem:
    """A table cell showing the verdict in its colour; the verdict value is kept in UserRole."""
    item = QTableWidgetItem(verdict_text(verdict))
    background, foreground = COLOURS[verdict]
    item.setBackground(QBrush(QColor(background)))
    item.setForeground(QBrush(QColor(foreground)))
    item.setToolTip(tooltip)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setData(Qt.ItemDataRole.UserRole, verdict.value)
    return item
