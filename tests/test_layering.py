"""The import arrows point one way: ui -> core. One owner per outside dependency."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"

# dependency -> the only places allowed to import it
OWNERS = {
    "PySide6": ("ui/", "app.py"),
    "llama_cpp": ("core/engine/",),
    "sqlalchemy": ("core/store/",),
    "huggingface_hub": ("core/models/",),
    "httpx2": ("core/models/", "core/engine/remote"),  # the Hub's HTTP client, and the remote engine's
    "starlette": ("core/serve/",),
    "uvicorn": ("core/serve/",),
    "anyio": ("core/serve/",),
    "gguf": ("core/models/embedding_starter.py",),  # writes the starter embedding model
    "pypdf": ("core/documents/extract.py",),
    "ziamath": ("ui/math_typeset.py",),  # typesets formulas (latex2mathml comes with it)
    "latex2mathml": ("ui/math_typeset.py",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_each_outside_dependency_is_imported_only_by_its_owner() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for module in imported_modules(path):
            top = module.split(".")[0]
            owners = OWNERS.get(top)
            if owners and not relative.startswith(owners):
                offences.append(f"{relative} imports {module}")
    assert offences == []


def test_core_never_imports_the_ui() -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for module in imported_modules(path)
        if module.startswith(("desktop_app.ui", "desktop_app.app", "desktop_app.cli"))
    ]
    assert offences == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport llama_cpp\n", encoding="utf-8")
    assert imported_modules(sample) == {"PySide6.QtCore", "llama_cpp"}
