"""Reading a text file to translate or edit, whatever common encoding it is in, and refusing the rest."""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop_app.core.writing.errors import WritingError

MAX_BYTES = 20 * 1024 * 1024  # about 3 million words: far past any document worth translating here
_ENCODINGS = ("utf-8", "gb18030")  # tried in order once BOMs and binary are ruled out
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def read_text_file(path: str | Path) -> str:
    """The file's text (newlines as \\n). Tries a BOM (UTF-8, UTF-16), then UTF-8, then GB18030.

    Raises WritingError for a missing or unreadable file, a binary file (NUL bytes, or more
    than 1% control characters after decoding), an encoding none of these fit, or a file
    over MAX_BYTES.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise WritingError(f"{path.name} is too large to open here ({size // (1024 * 1024)} MB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise WritingError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise WritingError(f"{path} is a folder, not a text file.") from None
    except OSError as exc:
        raise WritingError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    return decode_text(data, path.name)


def decode_text(data: bytes, name: str = "The file") -> str:
    text = _decode(data, name)
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > max(2, len(text) // 100):
        raise WritingError(f"{name} does not look like a text file (it may be binary).")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        raise WritingError(f"{name} does not look like a text file (it may be binary).")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WritingError(f"{name} is not in a text encoding Inkstone can read (UTF-8, UTF-16 or GB18030).")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise WritingError(f"{name} starts like {encoding.upper()} text but is damaged.") from None
