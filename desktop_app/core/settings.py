"""One typed settings object, saved as JSON beside the data so INKSTONE_DATA_DIR moves it too."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_app.core import paths


@dataclass
class Settings:
    model_path: str | None = None  # the model chosen last; None means the starter model
    n_ctx: int = 4096
    max_tokens: int = 512
    temperature: float = 0.7
    system_prompt: str = ""
    chat_titles: bool = True  # the model titles a chat after its first answer (core/chat/auto_title.py)
    model_folders: list[str] = field(default_factory=list)  # extra folders the model library scans
    forgotten_models: list[str] = field(default_factory=list)  # models outside our folder the user removed
    model_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-model generation settings
    theme: str = "system"  # "light", "dark" or "system"
    font_size: int = 0  # points; 0: the system's size
    ui_language: str = ""  # "" follows the system; "en" or "zh_CN"
    window_geometry: str = ""  # the main window's saved geometry (Qt's saveGeometry, base64)
    splitters: dict[str, str] = field(default_factory=dict)  # splitter name -> saved state (base64)
    engine: str = "local"  # "local": a model file on this computer; "remote": the server below
    remote_url: str = ""  # an OpenAI-compatible server's address (its API key is kept apart: core/engine_choice.py)
    remote_model: str = ""  # "": the first model the server lists
    remote_context: int = 0  # 0: as the server reports it
    serve_port: int = 8401  # Inkstone's own server (Models › Serve)
    serve_origins: list[str] = field(default_factory=list)  # web origins allowed to call it

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read saved settings; a missing or damaged file gives the defaults rather than an error."""
        path = path or paths.settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        defaults = cls()
        values = {}
        for key, value in raw.items():
            if key in known and (value is None or isinstance(value, type(getattr(defaults, key))) or getattr(defaults, key) is None):
                values[key] = value
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        """Write atomically, so a crash mid-save never leaves a half-written file."""
        path = path or paths.settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
