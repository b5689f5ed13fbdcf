"""Inkstone: a private desktop chat and writing assistant on a local GGUF model."""

__version__ = "0.1.0"
