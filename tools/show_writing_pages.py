"""Open the Translate or Draft page alone in a window, to look at it as a user would.

    python tools/show_writing_pages.py translate|draft [--real] [--tab template|longform|drafts]
                                       [--glossary] [--suggest]

Without --real it runs on a throw-away data dir and a FakeEngine (slowed a little so the
streaming can be watched), with sample text, a glossary term, a finished translation and
a long-form outline already in place. With --real it loads the starter model instead (the
pages then work for real; the data dir is still a throw-away one).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE_ZH = "大型语言模型正在改变人们写作和翻译的方式。它们可以在本地运行，保护用户的隐私。"
SAMPLE_DRAFT = """# Running language models offline

Inkstone keeps **everything** on your computer: the model, your drafts and the history.

## Why it matters

- No account, no upload
- Works on a plane
- Fast enough on a laptop

> Privacy is a feature you can feel.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=("translate", "draft"))
    parser.add_argument("--real", action="store_true", help="use the starter model through llama.cpp")
    parser.add_argument("--tab", choices=("template", "longform", "drafts"), default="longform",
                        help="the Draft side tab to show")
    parser.add_argument("--glossary", action="store_true", help="open the glossary dialog (translate)")
    parser.add_argument("--suggest", action="store_true", help="rewrite the selection (draft)")
    args = parser.parse_args()
    os.environ["INKSTONE_DATA_DIR"] = tempfile.mkdtemp(prefix="inkstone-show-")

    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from desktop_app.core.engine.base import LoadOptions
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.core.settings import Settings
    from desktop_app.core.store import Store
    from desktop_app.core.store.glossary import GlossaryRepository
    from desktop_app.core.writing.history import save_draft, save_translation
    from desktop_app.core.writing.outline import OutlineSection
    from desktop_app.ui.writing import DraftPage, EngineRunner, TranslatePage

    app = QApplication(sys.argv)
    ensure_data_dir()
    store = Store()
    if args.real:
        from desktop_app.core.engine.llama import LlamaEngine
        from desktop_app.core.models.starter import starter_model_path

        engine = LlamaEngine()
        path = starter_model_path()
    else:
        from desktop_app.core.engine.fake import FakeEngine

        engine = FakeEngine(delay=0.05)
        path = Path("demo-model.gguf")
    info = engine.load(path, LoadOptions(n_ctx=2048))
    thread = QThread()
    thread.start()
    runner = EngineRunner(engine, thread)

    GlossaryRepository(store).add("大型语言模型", "large language model", "zh-Hans", "en")
    window = QMainWindow()
    later = []  # dialogs open once the window is up (without a window manager, the last window mapped is on top)
    window.resize(1200, 760)
    if args.page == "translate":
        save_translation(store, "Bonjour tout le monde.", "Hello everyone.", source="fr", target="en")
        save_translation(store, SAMPLE_ZH, "Large language models are changing how people write.",
                         source="zh-Hans", target="en")
        page = TranslatePage(store, runner, Settings())
        page.set_model(info)
        page.source_edit.setPlainText(SAMPLE_ZH)
        page.target_lang.set_code("en")
        if not args.real:
            engine.enqueue(["Large", " language", " models", " are", " changing", " how", " people", " write",
                            " and", " translate."])
            engine.enqueue(["They", " can", " run", " locally,", " protecting", " users'", " privacy."])
        page.translate()
        if args.glossary:
            later.append(page.open_glossary)
    else:
        save_draft(store, "email", {"topic": "Team offsite next month"}, "Dear team,\n\nOur offsite is set.")
        page = DraftPage(store, runner, Settings())
        page.set_model(info)
        page.editor.setPlainText(SAMPLE_DRAFT)
        page.longform_panel.form.set_values({"topic": "Local AI for writers", "keywords": "privacy, offline"})
        page.longform_panel.outline.set_sections([
            OutlineSection("Why local models", "privacy and cost"),
            OutlineSection("Choosing a model"),
            OutlineSection("Everyday workflows", "drafting, translating, proofreading"),
        ])
        page.side_tabs.setCurrentIndex(("template", "longform", "drafts").index(args.tab))
        page.template_form.form.set_values({"topic": "Quarterly planning", "audience": "the team"})
        cursor = page.editor.textCursor()
        cursor.setPosition(SAMPLE_DRAFT.index("Inkstone"))
        cursor.setPosition(SAMPLE_DRAFT.index("history.") + len("history."), cursor.MoveMode.KeepAnchor)
        page.editor.setTextCursor(cursor)
        if args.suggest:
            if not args.real:
                engine.enqueue(["Inkstone", " keeps", " all", " of", " it", " on", " your", " own", " computer:",
                                " the", " model,", " the", " drafts", " and", " the", " history."])
            later.append(page.tools.rewrite_action.trigger)
    window.setCentralWidget(page)
    window.setWindowTitle(f"Inkstone — {args.page}")
    window.show()
    for action in later:
        QTimer.singleShot(800, action)
    code = app.exec()
    runner.cancel_all()
    thread.quit()
    thread.wait()
    store.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
