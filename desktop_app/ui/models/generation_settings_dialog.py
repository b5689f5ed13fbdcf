"""The per-model generation settings: context, threads, GPU layers and the sampling knobs."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.backend import physical_core_count
from desktop_app.core.model_settings import LIMITS, ModelSettings

CONTEXT_STEP = 256


class GenerationSettingsDialog(QDialog):
    """Edits one model's ModelSettings; `values()` gives the result once accepted.

    "Reset to defaults" puts the defaults in the form; saving then removes the model's overrides.
    """

    def __init__(
        self,
        model_name: str,
        current: ModelSettings,
        defaults: ModelSettings,
        *,
        trained_context: int | None = None,
        block_count: int | None = None,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("generationSettingsDialog")
        self.setWindowTitle(self.tr("Settings for {0}").format(model_name))
        self._defaults = defaults

        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(int(LIMITS["n_ctx"].low), trained_context or int(LIMITS["n_ctx"].high))
        self.n_ctx.setSingleStep(CONTEXT_STEP)
        self.n_ctx.setSuffix(self.tr(" tokens"))
        self.n_ctx.setGroupSeparatorShown(True)
        self.n_threads = _optional_spin(1, int(LIMITS["n_threads"].high), self.tr("Auto ({0})").format(physical_core_count()))
        layers_max = (block_count + 1) if block_count else int(LIMITS["n_gpu_layers"].high)
        self.n_gpu_layers = _optional_spin(0, layers_max, self.tr("Auto"))
        self.temperature = _float_spin(LIMITS["temperature"].low, 2.0, 0.05)
        self.top_p = _float_spin(0.0, 1.0, 0.05)
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 1000)
        self.top_k.setSpecialValueText(self.tr("Off"))
        self.min_p = _float_spin(0.0, 1.0, 0.01)
        self.min_p.setSpecialValueText(self.tr("Off"))
        self.repeat_penalty = _float_spin(LIMITS["repeat_penalty"].low, LIMITS["repeat_penalty"].high, 0.05)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 32768)
        self.max_tokens.setSingleStep(64)
        self.seed = _optional_spin(0, 2**31 - 1, self.tr("Random"))

        form = QFormLayout()
        form.addRow(self.tr("Context size:"), self.n_ctx)
        form.addRow(self.tr("CPU threads:"), self.n_threads)
        form.addRow(self.tr("GPU layers:"), self.n_gpu_layers)
        form.addRow(self.tr("Temperature:"), self.temperature)
        form.addRow(self.tr("Top-p:"), self.top_p)
        form.addRow(self.tr("Top-k:"), self.top_k)
        form.addRow(self.tr("Min-p:"), self.min_p)
        form.addRow(self.tr("Repeat penalty:"), self.repeat_penalty)
        form.addRow(self.tr("Max tokens per answer:"), self.max_tokens)
        form.addRow(self.tr("Seed:"), self.seed)
        self.n_ctx.setToolTip(self.tr("How much text the model keeps in view; more needs more memory."))
        self.n_gpu_layers.setToolTip(
            self.tr("Layers run on the GPU. Auto: as many as fit (all of them when the model fits); 0: CPU only.")
        )
        self.temperature.setToolTip(self.tr("Higher is more varied, lower more predictable."))
        self.seed.setToolTip(self.tr("A fixed seed repeats the same answer for the same prompt."))

        self.hint = QLabel(hint)
        self.hint.setObjectName("settingsHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.reset_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.reset_button.setText(self.tr("Reset to Defaults"))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.set_values(current)

    def set_values(self, values: ModelSettings) -> None:
        self.n_ctx.setValue(values.n_ctx)
        _set_optional(self.n_threads, values.n_threads)
        _set_optional(self.n_gpu_layers, values.n_gpu_layers)
        self.temperature.setValue(values.temperature)
        self.top_p.setValue(values.top_p)
        self.top_k.setValue(values.top_k)
        self.min_p.setValue(values.min_p)
        self.repeat_penalty.setValue(values.repeat_penalty)
        self.max_tokens.setValue(values.max_tokens)
        _set_optional(self.seed, values.seed)

    def values(self) -> ModelSettings:
        form = ModelSettings(
            n_ctx=self.n_ctx.value(),
            n_threads=_optional(self.n_threads),
            n_gpu_layers=_optional(self.n_gpu_layers),
            temperature=round(self.temperature.value(), 4),
            top_p=round(self.top_p.value(), 4),
            top_k=self.top_k.value(),
            min_p=round(self.min_p.value(), 4),
            repeat_penalty=round(self.repeat_penalty.value(), 4),
            max_tokens=self.max_tokens.value(),
            seed=_optional(self.seed),
        )
        # A default the spin boxes cannot show exactly (a context above the model's maximum, say)
        # stays the default unless the user changed that field.
        shown_defaults = _shown(self, self._defaults)
        changes = {
            f.name: getattr(form, f.name)
            for f in fields(ModelSettings)
            if getattr(form, f.name) != getattr(shown_defaults, f.name)
        }
        return replace(self._defaults, **changes)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.reset_button:
            self.set_values(self._defaults)


def _shown(dialog: GenerationSettingsDialog, values: ModelSettings) -> ModelSettings:
    """What the form would show for `values` (clamped to the spin boxes' ranges)."""
    def clamp(box: QSpinBox | QDoubleSpinBox, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return type(value)(min(max(value, box.minimum()), box.maximum()))

    return replace(
        values,
        n_ctx=clamp(dialog.n_ctx, values.n_ctx),
        n_threads=clamp(dialog.n_threads, values.n_threads),
        n_gpu_layers=clamp(dialog.n_gpu_layers, values.n_gpu_layers),
        temperature=round(clamp(dialog.temperature, values.temperature), 4),
        top_p=round(clamp(dialog.top_p, values.top_p), 4),
        top_k=clamp(dialog.top_k, values.top_k),
        min_p=round(clamp(dialog.min_p, values.min_p), 4),
        repeat_penalty=round(clamp(dialog.repeat_penalty, values.repeat_penalty), 4),
        max_tokens=clamp(dialog.max_tokens, values.max_tokens),
        seed=clamp(dialog.seed, values.seed),
    )


def _optional_spin(low: int, high: int, special: str) -> QSpinBox:
    """A spin box whose lowest value (one below `low`) means None: "Auto" or "Random"."""
    box = QSpinBox()
    box.setRange(low - 1, high)
    box.setSpecialValueText(special)
    return box


def _set_optional(box: QSpinBox, value: int | None) -> None:
    box.setValue(box.minimum() if value is None else value)


def _optional(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


def _float_spin(low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(2)
    box.setSingleStep(step)
    return box
