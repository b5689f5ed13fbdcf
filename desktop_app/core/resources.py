"""Where the files that ship beside the code live (catalogue, icons, translations)."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The repository's resources/ folder, found relative to the package (desktop_app/../resources)."""
    return Path(__file__).resolve().parents[2] / "resources"
