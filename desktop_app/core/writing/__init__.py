"""Translate and Draft without a window: languages, segmentation, glossary, prompts, services, export.

The UI calls the services (translate, write_draft, generate_outline, LongformWriter,
suggest) from its worker thread and shows what their callbacks stream.
"""

from desktop_app.core.writing.draft_templates import TEMPLATES, DraftField, DraftTemplate, get_template
from desktop_app.core.writing.drafter import DraftResult, write_draft
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.export import EXPORT_FORMATS, export_document, markdown_to_html
from desktop_app.core.writing.glossary import GlossaryTerm, enforce_terms, relevant_terms
from desktop_app.core.writing.languages import LANGUAGES, Language, detect_language, get_language
from desktop_app.core.writing.longform import LongformResult, LongformSpec, LongformWriter, generate_outline
from desktop_app.core.writing.outline import OutlineSection, format_outline, parse_outline
from desktop_app.core.writing.selection_tools import SELECTION_ACTIONS, Suggestion, diff_chunks, suggest
from desktop_app.core.writing.text_files import read_text_file
from desktop_app.core.writing.translate_prompts import TranslationOptions
from desktop_app.core.writing.translator import TranslationResult, translate

__all__ = [
    "EXPORT_FORMATS",
    "LANGUAGES",
    "SELECTION_ACTIONS",
    "TEMPLATES",
    "DraftField",
    "DraftResult",
    "DraftTemplate",
    "GlossaryTerm",
    "Language",
    "LongformResult",
    "LongformSpec",
    "LongformWriter",
    "OutlineSection",
    "Suggestion",
    "TranslationOptions",
    "TranslationResult",
    "WritingError",
    "detect_language",
    "diff_chunks",
    "enforce_terms",
    "export_document",
    "format_outline",
    "generate_outline",
    "get_language",
    "get_template",
    "markdown_to_html",
    "parse_outline",
    "read_text_file",
    "relevant_terms",
    "suggest",
    "translate",
    "write_draft",
]
