"""PySide6 views over desktop_app.core; the only package that imports Qt."""
