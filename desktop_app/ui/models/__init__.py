"""The Models workspace: installed models, the catalogue, Hub search, downloads and hardware."""

from desktop_app.ui.models.models_page import ModelsPage

__all__ = ["ModelsPage"]
