"""Taking conversations out (Markdown, Inkstone JSON) and bringing them back in (Inkstone JSON,
ChatGPT's conversations.json), with branches, models and timestamps."""

from desktop_app.core.transfer.errors import ImportFileError
from desktop_app.core.transfer.exporting import export_json, export_markdown, write_export
from desktop_app.core.transfer.importing import ImportResult, import_file, read_import_file

__all__ = [
    "ImportFileError",
    "ImportResult",
    "export_json",
    "export_markdown",
    "import_file",
    "read_import_file",
    "write_export",
]
