"""Inkstone: a private desktop chat and writing assistant on a local GGUF model."""

import logging

__version__ = "0.1.0"

# Silent until an entry point configures logging (core/diagnostics): never Python's last-resort stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())
