"""Where the files that ship beside the code live (catalogue, icons, translations).

The one source of truth is the repository's top-level resources/ folder. An installed wheel
(and the PyInstaller bundle) carries that folder inside the package, as desktop_app/resources/
(see the package-dir mapping in pyproject.toml); a source checkout or an editable install
(`pip install -e .`) reads it where it is, next to desktop_app/.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # desktop_app/


def resources_dir() -> Path:
    """The resources folder: desktop_app/resources/ when installed, else the checkout's resources/.

    The packaged copy is tried first: beside an installed package, `../resources` is whatever
    else happens to sit in site-packages.
    """
    packaged = _PACKAGE_DIR / "resources"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "resources"
