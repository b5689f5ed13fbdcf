"""How much RAM the machine could give a model right now, as psutil measures it.

"Available" is psutil's `available`: on Linux MemAvailable (it counts reclaimable page cache,
which is what matters for a memory-mapped model), on macOS free + inactive pages, on Windows
ullAvailPhys. Both functions return None rather than raising when the platform will not say,
so callers can show "unknown" instead of failing.
"""

from __future__ import annotations

import logging

import psutil

log = logging.getLogger(__name__)


def available_memory() -> int | None:
    """Bytes of RAM available to a new allocation now, or None when unknown."""
    memory = _virtual_memory()
    return None if memory is None else int(memory.available)


def total_memory() -> int | None:
    """Bytes of physical RAM, or None when unknown."""
    memory = _virtual_memory()
    return None if memory is None else int(memory.total)


def _virtual_memory():  # type: ignore[no-untyped-def]
    try:
        return psutil.virtual_memory()
    except (OSError, RuntimeError, psutil.Error):  # a sandbox without /proc, an unsupported platform
        log.debug("psutil could not measure memory", exc_info=True)
        return None
