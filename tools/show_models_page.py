"""Open the Models page alone in a window, to look at it as a user would.

    python tools/show_models_page.py [--tab installed|catalogue|hub|downloads|hardware] [--real]

Without --real it runs on a throw-away data dir holding a small GGUF in Inkstone's models
folder and a half-finished download, with a local fake Hub (tests/support/fake_hub.py, slowed
to 2 MB/s so progress can be watched) to search and download from; --search TEXT runs a search
at start. With --real it uses your own data dir, settings and the real Hub. The catalogue, the
starter model and the hardware are real either way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABS = ("installed", "catalogue", "hub", "downloads", "hardware")


def make_demo_data(data_dir: Path) -> None:
    from tests.support.fake_hub import write_tiny_gguf

    models = data_dir / "models"
    folder = models / "alice" / "Tiny-GGUF"
    folder.mkdir(parents=True)
    write_tiny_gguf(folder / "tiny-F32.gguf", name="Tiny Demo")
    partial = models / "Qwen" / "Qwen2.5-3B-Instruct-GGUF"
    partial.mkdir(parents=True)
    part = partial / "qwen2.5-3b-instruct-q4_k_m.gguf.part"
    with open(part, "wb") as fh:
        fh.truncate(734_003_200)  # sparse: looks 35 % done without using the disk
    state = {
        "url": "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct-GGUF/resolve/abc/qwen2.5-3b-instruct-q4_k_m.gguf",
        "commit": "abc", "size": 2_104_931_648, "sha256": "0" * 64, "etag": None,
        "repo_id": "Qwen/Qwen2.5-3B-Instruct-GGUF", "filename": "qwen2.5-3b-instruct-q4_k_m.gguf",
        "bytes_done": 734_003_200,
    }  # fmt: skip
    part.with_name(part.name + ".json").write_text(json.dumps(state), encoding="utf-8")


def start_fake_hub(data_dir: Path):  # type: ignore[no-untyped-def]
    from tests.support.fake_hub import FakeHub, write_tiny_gguf

    served = write_tiny_gguf(data_dir / "served.gguf", name="Served Demo", elements=2 * 1024 * 1024)
    hub = FakeHub().start()
    hub.throttle = 2_000_000
    for repo, files, downloads in (
        ("bartowski/Tiny-Demo-Instruct-GGUF", ("Tiny-Demo-Q4_K_M.gguf", "Tiny-Demo-Q8_0.gguf", "Tiny-Demo-F16.gguf"), 9000),
        ("unsloth/Tiny-Demo-GGUF", ("Tiny-Demo-UD-Q4_K_XL.gguf", "mmproj-F16.gguf"), 4000),
        ("someone/Tiny-Demo-Big-GGUF", ("Big-Q4_K_M-00001-of-00002.gguf", "Big-Q4_K_M-00002-of-00002.gguf"), 12),
    ):
        for name in files:
            hub.add_file(repo, name, served, downloads=downloads)
    os.environ["HF_ENDPOINT"] = hub.url
    os.environ.pop("HF_HUB_OFFLINE", None)
    return hub


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tab", choices=TABS, default="installed")
    parser.add_argument("--real", action="store_true", help="use your own data dir, settings and the real Hub")
    parser.add_argument("--search", metavar="TEXT", help="search the Hub for TEXT at start")
    parser.add_argument("--download", metavar="REPO:FILE", help="queue a download at start")
    parser.add_argument("--ram-gb", type=float, help="pretend this much RAM is free (to see tight / won't fit)")
    parser.add_argument("--settings", action="store_true", help="open the first model's settings dialog")
    args = parser.parse_args()
    hub = None
    if not args.real:
        data_dir = Path(tempfile.mkdtemp(prefix="inkstone-models-demo-"))
        os.environ["INKSTONE_DATA_DIR"] = str(data_dir)
        make_demo_data(data_dir)
        hub = start_fake_hub(data_dir)

    from PySide6.QtWidgets import QApplication, QMainWindow

    from desktop_app.core.settings import Settings
    from desktop_app.ui.models import ModelsPage

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Inkstone — Models")
    options = {}
    if args.ram_gb is not None:
        options["ram_available"] = lambda: int(args.ram_gb * 1e9)
    if not args.real:
        options["hf_cache_dir"] = Path(os.environ["INKSTONE_DATA_DIR"]) / "hf"
    page = ModelsPage(Settings.load(), **options)
    page.tabs.setCurrentIndex(TABS.index(args.tab))
    if args.download:
        repo_id, _, filename = args.download.partition(":")
        page.downloads.add(repo_id, filename)
    if args.settings:
        page.installedChanged.connect(
            lambda: page.settings_dialog is None and page.installed.models() and page.open_settings(page.installed.models()[0])
        )
    if args.search:
        page.hub.query.setText(args.search)
        page.hub.search()
    page.loadRequested.connect(lambda path: print(f"loadRequested({path})"))
    window.setCentralWidget(page)
    window.resize(1200, 720)
    window.show()
    code = app.exec()
    page.shutdown()
    if hub is not None:
        hub.stop()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
