"""The Translate and Draft workspaces (PySide6). Their model work runs as jobs on the one EngineRunner
(desktop_app/ui/engine_runner.py), so the one loaded model serves every workspace in turn."""

from desktop_app.ui.writing.draft_page import DraftPage
from desktop_app.ui.writing.translate_page import TranslatePage

__all__ = ["DraftPage", "TranslatePage"]
