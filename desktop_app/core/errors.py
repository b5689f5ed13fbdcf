"""Errors the core raises on purpose; their message is written for the user."""


class InkstoneError(Exception):
    """Base class: str(error) is a one-line message fit to show a user."""


class ModelFileError(InkstoneError):
    """A model file is missing, unreadable, not GGUF, or truncated."""


class EngineError(InkstoneError):
    """llama.cpp could not load a model or generate."""


class DataDirError(InkstoneError):
    """The data directory cannot be created or written."""
