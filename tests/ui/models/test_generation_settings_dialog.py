"""The per-model settings form: shows the values, maps Auto / Random to None, resets to the defaults."""

from __future__ import annotations

from desktop_app.core.model_settings import ModelSettings
from desktop_app.ui.models.generation_settings_dialog import GenerationSettingsDialog

DEFAULTS = ModelSettings()


def open_dialog(qtbot, current: ModelSettings, **options) -> GenerationSettingsDialog:
    dialog = GenerationSettingsDialog("Tiny", current, DEFAULTS, **options)
    qtbot.addWidget(dialog)
    return dialog


def test_the_form_round_trips_every_field(qtbot):
    tuned = ModelSettings(n_ctx=8192, n_threads=3, n_gpu_layers=0, temperature=0.25, top_p=0.8, top_k=0,
                          min_p=0.0, repeat_penalty=1.3, max_tokens=1024, seed=1234)

    assert open_dialog(qtbot, tuned).values() == tuned


def test_auto_and_random_are_none(qtbot):
    dialog = open_dialog(qtbot, ModelSettings(n_threads=4, n_gpu_layers=10, seed=5))

    for box in (dialog.n_threads, dialog.n_gpu_layers, dialog.seed):
        box.setValue(box.minimum())

    values = dialog.values()
    assert (values.n_threads, values.n_gpu_layers, values.seed) == (None, None, None)
    assert dialog.n_gpu_layers.text() == "Auto" and dialog.seed.text() == "Random"


def test_the_model_limits_the_context_and_the_gpu_layers(qtbot):
    dialog = open_dialog(qtbot, DEFAULTS, trained_context=2048, block_count=18)

    assert dialog.n_ctx.maximum() == 2048
    assert dialog.n_gpu_layers.maximum() == 19  # every layer plus the output layer
    assert dialog.values() == DEFAULTS  # a default the form must clamp stays the default


def test_reset_puts_the_defaults_back_in_the_form(qtbot):
    dialog = open_dialog(qtbot, ModelSettings(temperature=1.5, max_tokens=99, seed=3), hint="fits")

    dialog.reset_button.click()

    assert dialog.values() == DEFAULTS
    assert dialog.hint.text() == "fits"
