"""How a memory-fit verdict looks: a short word, a colour and a tooltip that shows the sums."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from desktop_app.core.models.fit import FitReport, MemoryEstimate, Verdict, describe_bytes
from desktop_app.ui import theme

_BADGE_ROLE = Qt.ItemDataRole.UserRole + 1  # marks a badge cell, for recolouring


def verdict_colours(verdict: Verdict, colours: theme.Colours) -> tuple[str, str]:
    """(background, text) of a verdict's badge: green, amber, red, grey, in the theme's shades."""
    return {
        Verdict.FITS: (colours.success_soft, colours.success),
        Verdict.TIGHT: (colours.warning_soft, colours.warning),
        Verdict.WONT_FIT: (colours.danger_soft, colours.danger),
        Verdict.UNKNOWN: (colours.sunken, colours.muted),
    }[verdict]


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.FITS: QCoreApplication.translate("FitBadge", "fits"),
        Verdict.TIGHT: QCoreApplication.translate("FitBadge", "tight"),
        Verdict.WONT_FIT: QCoreApplication.translate("FitBadge", "won't fit"),
        Verdict.UNKNOWN: QCoreApplication.translate("FitBadge", "unknown"),
    }[verdict]


def estimate_text(estimate: MemoryEstimate) -> str:
    return QCoreApplication.translate(
        "FitBadge", "Needs about {0} at a context of {1:,} tokens: weights {2}, context cache {3}, overhead {4}."
    ).format(
        describe_bytes(estimate.total_bytes),
        estimate.n_ctx,
        describe_bytes(estimate.weights_bytes),
        describe_bytes(estimate.kv_cache_bytes),
        describe_bytes(estimate.overhead_bytes),
    )


def available_text(ram: int | None, gpu_free: int) -> str:
    if ram is None:
        return QCoreApplication.translate("FitBadge", "This computer does not say how much memory is free.")
    if gpu_free > 0:
        return QCoreApplication.translate("FitBadge", "Available: {0} of RAM and {1} of GPU memory.").format(
            describe_bytes(ram), describe_bytes(gpu_free)
        )
    return QCoreApplication.translate("FitBadge", "Available: {0} of RAM.").format(describe_bytes(ram))


def verdict_advice(verdict: Verdict) -> str:
    return {
        Verdict.FITS: QCoreApplication.translate("FitBadge", "It fits with room to spare."),
        Verdict.TIGHT: QCoreApplication.translate(
            "FitBadge",
            "It fits, but little memory would be left: other programs may slow down. "
            "A smaller context or quantization leaves more room."
        ),
        Verdict.WONT_FIT: QCoreApplication.translate(
            "FitBadge",
            "It will probably not fit: loading it may fail or make the computer swap. "
            "Choose a smaller context or a smaller quantization."
        ),
        Verdict.UNKNOWN: QCoreApplication.translate("FitBadge", "Inkstone cannot tell whether it fits."),
    }[verdict]


def report_tooltip(report: FitReport) -> str:
    lines = [
        verdict_advice(report.verdict),
        estimate_text(report.estimate),
        available_text(report.ram_available_bytes, report.gpu_free_bytes),
    ]
    if report.verdict in (Verdict.TIGHT, Verdict.WONT_FIT) and report.comfortable_context:
        lines.append(QCoreApplication.translate("FitBadge", "Fits comfortably up to a context of {0:,} tokens.")
                     .format(report.comfortable_context))
    elif report.verdict is Verdict.WONT_FIT and report.largest_context:
        lines.append(QCoreApplication.translate("FitBadge", "Fits only up to a context of {0:,} tokens.")
                     .format(report.largest_context))
    if report.gpu_free_bytes > 0:
        lines.append(QCoreApplication.translate("FitBadge", "GPU layers that fit: {0}.").format(report.gpu_layers))
    return "\n".join(lines)


def estimate_tooltip(verdict: Verdict, estimate: MemoryEstimate, ram: int | None, gpu_free: int) -> str:
    """For catalogue models, whose estimate is made without the file's header."""
    return "\n".join(
        [
            verdict_advice(verdict),
            estimate_text(estimate),
            available_text(ram, gpu_free),
            QCoreApplication.translate(
                "FitBadge", "Estimated from the download size; the Installed list checks the real file."
            ),
        ]
    )


def badge_item(verdict: Verdict, tooltip: str) -> QTableWidgetItem:
    """A table cell showing the verdict in its colour; the verdict value is kept in UserRole."""
    item = QTableWidgetItem(verdict_text(verdict))
    item.setToolTip(tooltip)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setData(Qt.ItemDataRole.UserRole, verdict.value)
    item.setData(_BADGE_ROLE, True)
    _colour(item, verdict, theme.current())
    return item


def recolour_badges(table: QTableWidget, colours: theme.Colours) -> None:
    """Give the table's badges the colours of the theme now in use."""
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is not None and item.data(_BADGE_ROLE):
                _colour(item, Verdict(item.data(Qt.ItemDataRole.UserRole)), colours)


def _colour(item: QTableWidgetItem, verdict: Verdict, colours: theme.Colours) -> None:
    background, foreground = verdict_colours(verdict, colours)
    item.setBackground(QBrush(QColor(background)))
    item.setForeground(QBrush(QColor(foreground)))
