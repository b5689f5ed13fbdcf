"""TunedEngine: a writing task's generation gets the user's per-model sampling settings."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.engine import GenerationParams
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.engine.tuned import Sampling, TunedEngine


def test_sampling_settings_replace_the_tasks_but_temperature_and_length_stay(starter_model_path) -> None:
    fake = FakeEngine()
    fake.load(starter_model_path)
    tuned = TunedEngine(fake, Sampling(top_p=0.5, top_k=7, min_p=0.2, repeat_penalty=1.3, seed=42))

    tuned.generate("prompt", GenerationParams(max_tokens=9, temperature=0.2, stop=("\n",)), lambda piece: None)

    [params] = fake.params
    assert (params.top_p, params.top_k, params.min_p, params.repeat_penalty, params.seed) == (0.5, 7, 0.2, 1.3, 42)
    assert (params.max_tokens, params.temperature, params.stop) == (9, 0.2, ("\n",))
    assert tuned.model is fake.model


def test_without_settings_the_tasks_own_params_pass_through(starter_model_path) -> None:
    fake = FakeEngine()
    fake.load(starter_model_path)
    asked = GenerationParams(top_k=3)

    TunedEngine(fake, None).generate("prompt", asked, lambda piece: None)

    assert fake.params == [asked]
