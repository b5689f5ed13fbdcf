"""Generation settings per model: the global defaults from Settings, overridden per model file.

Overrides live in Settings.model_overrides under model_key(path) and hold only the values that
differ from the defaults, so a later change of a global default (Settings.n_ctx, ...) still
reaches every model the user did not tune. Values read back from the settings file are checked
against LIMITS; an unknown key or a value of the wrong type or out of range is ignored, never an
error (the file may come from an older or newer Inkstone, or be edited by hand).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from desktop_app.core.engine.base import GenerationParams, LoadOptions
from desktop_app.core.engine.tuned import Sampling
from desktop_app.core.settings import Settings

STARTER_KEY = "starter"  # the starter model is loaded by name (path None), wherever it was assembled


@dataclass(frozen=True)
class Limit:
    """The accepted range of one field; `optional` fields may also be None (auto / random)."""

    low: float
    high: float
    optional: bool = False


@dataclass(frozen=True)
class ModelSettings:
    n_ctx: int = 4096
    n_threads: int | None = None  # None: one per physical core
    n_gpu_layers: int | None = None  # None: as many as fit (all with a GPU build); 0: CPU only
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40  # 0: off
    min_p: float = 0.05  # 0: off
    repeat_penalty: float = 1.1  # 1: off
    max_tokens: int = 512
    seed: int | None = None  # None: a new random seed for every answer

    def to_load_options(self) -> LoadOptions:
        return LoadOptions(
            n_ctx=self.n_ctx,
            n_threads=self.n_threads,
            n_gpu_layers=self.n_gpu_layers,
            seed=-1 if self.seed is None else self.seed,
        )

    def to_sampling(self) -> Sampling:
        """What writing tasks take from these settings (they keep their own temperature and length)."""
        return Sampling(self.top_p, self.top_k, self.min_p, self.repeat_penalty, self.seed)

    def to_generation_params(self, stop: tuple[str, ...] = ()) -> GenerationParams:
        return GenerationParams(
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            top_p=self.top_p,
            top_k=self.top_k,
            min_p=self.min_p,
            repeat_penalty=self.repeat_penalty,
            seed=self.seed,
            stop=stop,
        )


LIMITS: dict[str, Limit] = {
    "n_ctx": Limit(256, 1_048_576),
    "n_threads": Limit(1, 512, optional=True),
    "n_gpu_layers": Limit(0, 10_000, optional=True),
    "temperature": Limit(0.0, 5.0),
    "top_p": Limit(0.0, 1.0),
    "top_k": Limit(0, 100_000),
    "min_p": Limit(0.0, 1.0),
    "repeat_penalty": Limit(0.5, 3.0),
    "max_tokens": Limit(1, 1_000_000),
    "seed": Limit(0, 2**32 - 1, optional=True),
}
INT_FIELDS = frozenset({"n_ctx", "n_threads", "n_gpu_layers", "top_k", "max_tokens", "seed"})


def model_key(model_path: str | Path | None) -> str:
    """The key of a model in Settings.model_overrides: its path as given, or STARTER_KEY for None."""
    return STARTER_KEY if model_path is None else str(Path(model_path))


def defaults(settings: Settings) -> ModelSettings:
    """What a model gets when the user has not tuned it: the global settings where they say."""
    base = ModelSettings()
    globals_ = {
        "n_ctx": settings.n_ctx,
        "max_tokens": settings.max_tokens,
        "temperature": settings.temperature,
    }
    return replace(base, **{k: v for k, v in globals_.items() if _valid(k, v)})


def settings_for(settings: Settings, model_path: str | Path | None) -> ModelSettings:
    """The defaults with this model's valid overrides applied."""
    base = defaults(settings)
    saved = settings.model_overrides.get(model_key(model_path))
    if not isinstance(saved, dict):
        return base
    known = {f.name for f in fields(ModelSettings)}
    changes = {k: _coerce(k, v) for k, v in saved.items() if k in known and _valid(k, v)}
    return replace(base, **changes)


def save_overrides(settings: Settings, model_path: str | Path | None, values: ModelSettings) -> None:
    """Keep in `settings` the fields of `values` that differ from the defaults (the caller saves the file)."""
    base = asdict(defaults(settings))
    wanted = {k: v for k, v in asdict(values).items() if _valid(k, v) and v != base[k]}
    key = model_key(model_path)
    if wanted:
        settings.model_overrides[key] = wanted
    else:
        settings.model_overrides.pop(key, None)


def reset(settings: Settings, model_path: str | Path | None) -> None:
    """Forget this model's overrides, so it follows the defaults again."""
    settings.model_overrides.pop(model_key(model_path), None)


def _valid(name: str, value: Any) -> bool:
    limit = LIMITS.get(name)
    if limit is None:
        return False
    if value is None:
        return limit.optional
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if name in INT_FIELDS and not (isinstance(value, int) or float(value).is_integer()):
        return False
    return limit.low <= value <= limit.high


def _coerce(name: str, value: Any) -> Any:
    if value is None:
        return None
    return int(value) if name in INT_FIELDS else float(value)


__all__ = [
    "INT_FIELDS",
    "LIMITS",
    "STARTER_KEY",
    "Limit",
    "ModelSettings",
    "defaults",
    "model_key",
    "reset",
    "save_overrides",
    "settings_for",
]
