"""The one error type the writing workspaces raise for problems the user can fix."""

from __future__ import annotations

from desktop_app.core.errors import InkstoneError


class WritingError(InkstoneError):
    """Bad input to Translate or Draft: unknown language or template, empty text, unreadable file."""


class MissingFontError(WritingError):
    """No font on this computer can show some of the text, so a PDF would show boxes or nothing there."""
