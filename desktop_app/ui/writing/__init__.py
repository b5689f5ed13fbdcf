"""The Translate and Draft workspaces (PySide6). Their model work runs through EngineJobRunner
on the chat worker's thread, so the one loaded model serves every workspace in turn."""

from desktop_app.ui.writing.draft_page import DraftPage
from desktop_app.ui.writing.engine_jobs import EngineJob, EngineJobRunner, JobClient
from desktop_app.ui.writing.translate_page import TranslatePage

__all__ = ["DraftPage", "EngineJob", "EngineJobRunner", "JobClient", "TranslatePage"]
