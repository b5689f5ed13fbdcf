"""The Documents workspace: sources and their indexing, search, and answers with clickable sources."""

from desktop_app.ui.documents.documents_page import DocumentsPage

__all__ = ["DocumentsPage"]
