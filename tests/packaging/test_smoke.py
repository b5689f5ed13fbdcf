"""packaging/smoke_test.py: the built wheel installs and runs on its own, with its packaged resources."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "smoke_test.py"


def _smoke_module():
    # Loaded by path: a top-level name `packaging` would shadow the PyPI library of that name.
    spec = importlib.util.spec_from_file_location("inkstone_packaging_smoke_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(path: Path, *, resources: bool, entry_point: bool) -> Path:
    """A wheel holding every desktop_app module, and optionally the resources and the entry point."""
    with zipfile.ZipFile(path, "w") as archive:
        for module in (REPO / "desktop_app").rglob("*.py"):
            if "__pycache__" not in module.parts:
                archive.writestr(module.relative_to(REPO).as_posix(), "")
        if resources:
            for data in (REPO / "resources").rglob("*"):
                if data.is_file():
                    archive.writestr(f"desktop_app/resources/{data.relative_to(REPO / 'resources').as_posix()}", "")
        if entry_point:
            archive.writestr(
                "inkstone_desktop-0.1.0.dist-info/entry_points.txt",
                "[console_scripts]\ninkstone = desktop_app.cli:main\n",
            )
    return path


def test_installed_wheel_runs_from_outside_the_repo(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=600, cwd=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "inkstone models catalogue lists all" in result.stdout
    assert "smoke test passed" in result.stdout


def test_wheel_without_resources_is_reported(tmp_path: Path) -> None:
    smoke = _smoke_module()
    wheel = _wheel(tmp_path / "inkstone_desktop-0.1.0-py3-none-any.whl", resources=False, entry_point=True)

    problems = smoke.wheel_problems(wheel, REPO)

    assert len(problems) == 1
    assert problems[0].startswith("resources missing from the wheel")
    assert "desktop_app/resources/catalogue.json" in problems[0]


def test_wheel_without_entry_point_is_reported(tmp_path: Path) -> None:
    smoke = _smoke_module()
    wheel = _wheel(tmp_path / "inkstone_desktop-0.1.0-py3-none-any.whl", resources=True, entry_point=False)

    problems = smoke.wheel_problems(wheel, REPO)

    assert problems == ["the wheel does not declare the console script 'inkstone = desktop_app.cli:main'"]
