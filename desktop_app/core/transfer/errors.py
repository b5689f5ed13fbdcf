"""Why an import file was refused, naming the file and the place in it."""

from __future__ import annotations

from desktop_app.core.errors import InkstoneError


class ImportFileError(InkstoneError):
    """The file cannot be imported; nothing from it was stored."""
