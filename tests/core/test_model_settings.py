"""Per-model generation settings: defaults from Settings, sparse overrides, tolerant reading."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.engine import GenerationParams, LoadOptions
from desktop_app.core.model_settings import (
    STARTER_KEY,
    ModelSettings,
    defaults,
    model_key,
    reset,
    save_overrides,
    settings_for,
)
from desktop_app.core.settings import Settings

MODEL = Path("/models/qwen.gguf")


def test_an_untuned_model_follows_the_global_settings():
    settings = Settings(n_ctx=8192, max_tokens=300, temperature=0.4)

    chosen = settings_for(settings, MODEL)

    assert (chosen.n_ctx, chosen.max_tokens, chosen.temperature) == (8192, 300, 0.4)
    assert chosen.n_threads is None and chosen.n_gpu_layers is None and chosen.seed is None
    assert chosen.top_k == ModelSettings().top_k


def test_saved_overrides_apply_only_to_their_model_and_survive_a_reload(tmp_path):
    settings = Settings()
    tuned = ModelSettings(n_ctx=2048, temperature=0.2, top_k=10, seed=7, n_gpu_layers=12)

    save_overrides(settings, MODEL, tuned)
    settings.save(tmp_path / "settings.json")
    reloaded = Settings.load(tmp_path / "settings.json")

    assert settings_for(reloaded, MODEL) == replace_defaults(reloaded, n_ctx=2048, temperature=0.2, top_k=10, seed=7, n_gpu_layers=12)
    assert settings_for(reloaded, Path("/models/other.gguf")) == defaults(reloaded)


def replace_defaults(settings: Settings, **changes) -> ModelSettings:
    from dataclasses import replace

    return replace(defaults(settings), **changes)


def test_overrides_keep_only_what_differs_so_later_default_changes_still_reach_the_model():
    settings = Settings(n_ctx=4096)
    save_overrides(settings, MODEL, replace_defaults(settings, temperature=0.3))

    assert settings.model_overrides[str(MODEL)] == {"temperature": 0.3}
    settings.n_ctx = 16384
    assert settings_for(settings, MODEL).n_ctx == 16384


def test_saving_the_defaults_removes_the_entry():
    settings = Settings()
    save_overrides(settings, MODEL, replace_defaults(settings, temperature=0.3))

    save_overrides(settings, MODEL, defaults(settings))

    assert str(MODEL) not in settings.model_overrides


def test_reset_returns_the_model_to_the_defaults():
    settings = Settings()
    save_overrides(settings, MODEL, replace_defaults(settings, max_tokens=2000))

    reset(settings, MODEL)

    assert settings_for(settings, MODEL) == defaults(settings)
    assert settings.model_overrides == {}


def test_unknown_wrong_typed_and_out_of_range_values_are_ignored():
    settings = Settings(
        model_overrides={
            str(MODEL): {
                "temperature": "hot",
                "top_p": 7.5,
                "n_ctx": 1024.5,
                "top_k": True,
                "flash_attention": True,
                "repeat_penalty": float("nan"),
                "max_tokens": 1000.0,  # a whole float from hand-edited JSON is fine
                "min_p": 0,  # an int where a float is expected is fine
                "n_threads": None,
            }
        }
    )

    chosen = settings_for(settings, MODEL)

    assert chosen == replace_defaults(settings, max_tokens=1000, min_p=0.0)
    assert isinstance(chosen.max_tokens, int) and isinstance(chosen.min_p, float)


def test_a_damaged_entry_gives_the_defaults():
    settings = Settings(model_overrides={str(MODEL): ["not", "a", "dict"]})  # type: ignore[dict-item]

    assert settings_for(settings, MODEL) == defaults(settings)


def test_the_starter_has_its_own_key():
    settings = Settings()
    save_overrides(settings, None, replace_defaults(settings, top_p=0.5))

    assert model_key(None) == STARTER_KEY
    assert settings_for(settings, None).top_p == 0.5
    assert settings_for(settings, MODEL).top_p == ModelSettings().top_p


def test_conversion_to_engine_options():
    chosen = ModelSettings(n_ctx=2048, n_threads=2, n_gpu_layers=0, temperature=0.1, top_p=0.9, top_k=20,
                           min_p=0.1, repeat_penalty=1.2, max_tokens=64, seed=42)

    assert chosen.to_load_options() == LoadOptions(n_ctx=2048, n_threads=2, n_gpu_layers=0, seed=42)
    assert chosen.to_generation_params(stop=("\n",)) == GenerationParams(
        max_tokens=64, temperature=0.1, top_p=0.9, top_k=20, min_p=0.1, repeat_penalty=1.2, seed=42, stop=("\n",)
    )
    assert ModelSettings(seed=None).to_load_options().seed == -1
    assert ModelSettings(seed=None).to_generation_params().seed is None
