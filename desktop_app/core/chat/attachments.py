"""Files attached to a chat message: their text goes into the message the model reads and the store keeps.

The text is read by the Documents extraction (`core/documents/extract.py`), so a PDF, a DOCX or
an HTML page attaches as the same text Documents would index. Each file becomes a Markdown code
block after the user's words, headed by its name: the transcript shows it as a block, and the
model sees where the file starts and ends. The fence is longer than any run of backticks in the
file, so a file containing ``` cannot end its block early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.documents.extract import SUPPORTED_SUFFIXES, ExtractionError, extract

# Plain-text kinds besides the ones Documents reads: code, data and subtitles are text too.
TEXT_SUFFIXES = frozenset({
    ".rst", ".csv", ".tsv", ".json", ".xml", ".yaml", ".yml", ".toml", ".ini", ".log", ".srt", ".py", ".js",
    ".ts", ".c", ".h", ".cpp", ".java", ".go", ".rs", ".sh", ".sql", ".css", ".tex",
})
ATTACHABLE_SUFFIXES = SUPPORTED_SUFFIXES | TEXT_SUFFIXES


@dataclass(frozen=True)
class Attachment:
    name: str
    text: str


def read_attachment(path: Path) -> Attachment:
    """The file's text; raises ExtractionError with a reason a user can act on when it cannot be read."""
    if path.suffix.lower() in TEXT_SUFFIXES:  # plain text that Documents does not list: read it as a .txt
        text = _plain_text(path)
    else:
        text = extract(path).text
    if not text.strip():
        raise ExtractionError("has no text")
    return Attachment(path.name, text)


def _plain_text(path: Path) -> str:
    from desktop_app.core.writing.errors import WritingError
    from desktop_app.core.writing.text_files import AmbiguousEncodingError, read_text_file

    try:
        return read_text_file(path)
    except AmbiguousEncodingError as exc:  # no one to ask while dropping: the likeliest reading
        return read_text_file(path, exc.candidates[0].encoding)
    except WritingError as exc:
        raise ExtractionError(str(exc)) from exc


def message_with(text: str, attachments: list[Attachment]) -> str:
    """The message as sent: the user's words, then each file as a named code block."""
    if not attachments:
        return text
    parts = [text.strip()] if text.strip() else []
    for attachment in attachments:
        longest = max((len(run) for run in re.findall(r"`+", attachment.text)), default=0)
        fence = "`" * max(3, longest + 1)
        parts.append(f"{attachment.name}:\n\n{fence}\n{attachment.text.strip()}\n{fence}")
    return "\n\n".join(parts)
