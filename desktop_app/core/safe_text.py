"""Text from outside Inkstone (a model file's metadata, a file name, llama.cpp's log) made safe to show.

A GGUF file can put anything in `general.name` or a metadata key: terminal escape sequences that
retitle or clear the terminal, bidi overrides that reorder what is shown, newlines that forge extra
lines, or 14 kB of bytes. Everything shown to the user that came from such a source goes through
`safe_text`: escapes are removed, other control and invisible formatting characters become spaces,
runs of whitespace collapse, and the result is capped with an ellipsis.
"""

from __future__ import annotations

import re

NAME_LIMIT = 80  # a model name in a list or a status bar
DETAIL_LIMIT = 120  # a key, tensor name or value quoted inside an error message

# ESC-started sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte escapes.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)")
# C0 and C1 controls, DEL, zero-width characters, bidi embeddings/overrides/isolates, the BOM.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def safe_text(value: object, limit: int = NAME_LIMIT) -> str:
    """One printable line of at most `limit` characters (bytes are decoded as UTF-8, leniently)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        text = bytes(value[: limit * 8]).decode("utf-8", "replace")
    else:
        text = str(value)[: limit * 8]  # never scan megabytes to show a few dozen characters
    text = _INVISIBLE.sub(" ", _ESCAPES.sub("", text))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text
