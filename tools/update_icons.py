"""Copy the icons Inkstone uses from Material Design Icons (the npm package @mdi/svg) into resources/icons/mdi.

The icons are vendored as SVG files, drawn by Qt's own SVG renderer in the theme's colours
(desktop_app/ui/icons.py): no icon font to load at start-up, no runtime dependency.

    npm pack @mdi/svg && tar xzf mdi-svg-*.tgz      # gives ./package
    python tools/update_icons.py package
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "icons" / "mdi"

ICONS = [
    # workspaces
    "chat-outline", "translate", "file-document-edit-outline", "book-open-page-variant-outline", "cube-outline",
    "cog-outline",
    # message and chat actions
    "content-copy", "language-markdown-outline", "pencil-outline", "refresh", "play-outline", "delete-outline",
    "source-branch", "chevron-left", "chevron-right", "magnify", "send", "stop", "plus", "pin-outline", "pin-off-outline",
    "export-variant", "import", "close", "check", "paperclip", "arrow-down", "menu", "server-network", "alert-circle-outline",
    "information-outline", "keyboard-outline", "theme-light-dark", "folder-open-outline", "undo",
]


def main(package: Path) -> int:
    source = package / "svg"
    TARGET.mkdir(parents=True, exist_ok=True)
    missing = [name for name in ICONS if not (source / f"{name}.svg").exists()]
    if missing:
        print(f"not in {source}: {', '.join(missing)}", file=sys.stderr)
        return 1
    for name in ICONS:
        shutil.copyfile(source / f"{name}.svg", TARGET / f"{name}.svg")
    shutil.copyfile(package / "LICENSE", TARGET / "LICENSE")
    version = next((line.split('"')[3] for line in (package / "package.json").read_text().splitlines()
                    if line.strip().startswith('"version"')), "?")
    (TARGET / "README.md").write_text(
        f"Material Design Icons (Pictogrammers, https://pictogrammers.com), @mdi/svg {version}; see LICENSE.\n"
        "Copied by tools/update_icons.py.\n", encoding="utf-8")
    print(f"{len(ICONS)} icons copied to {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "package")))
