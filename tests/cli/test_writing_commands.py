"""`inkstone translate` and `inkstone draft`: streaming to stdout, progress to stderr, history, files."""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document

import desktop_app.cli as cli
from desktop_app.cli import main, writing_commands
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, starter_model_path: Path) -> FakeEngine:
    """A scripted base model in place of the real one, for commands whose output we script."""
    engine = FakeEngine()
    engine.load(starter_model_path)

    @contextmanager
    def loaded(_args):
        yield engine

    monkeypatch.setattr(writing_commands, "loaded_engine", loaded)
    return engine


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


@pytest.mark.model
def test_translate_streams_stdin_to_stdout_and_keeps_it_in_history(capsys, monkeypatch, starter_model_path) -> None:
    stdin(monkeypatch, "The weather is nice today.")

    code = main(["translate", "--to", "fr", "--model", str(starter_model_path)])

    out, err = capsys.readouterr()
    assert code == 0
    assert "Detected source language: English (en)" in err and "segment 1/1" in err
    assert out.strip() and "English" not in out
    with Store() as store:
        [conversation] = store.list_conversations(kind="translation")
        messages = store.messages(conversation.id)
    assert messages[0].content == "[en → fr]\nThe weather is nice today."
    assert messages[1].content == out.strip()


def test_translate_a_file_with_terms_and_formatting_kept(capsys, fake, tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# The GPU\n\n```\nrun()\n```\n\nIt is fast.\n", encoding="utf-8")
    fake.enqueue([" Le GPU"])
    fake.enqueue([" Il est rapide."])

    code = main(["translate", str(source), "--from", "en", "--to", "fr", "--formal", "--keep-formatting",
                 "--term", "GPU=processeur graphique", "--out", str(tmp_path / "out.md")])

    out, err = capsys.readouterr()
    expected = "# Le processeur graphique\n\n```\nrun()\n```\n\nIl est rapide.\n"
    assert code == 0
    assert out == expected + "\n"
    assert "segment 1/2" in err and "segment 2/2" in err
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == expected
    assert "Pourriez-vous m'aider ?" in fake.prompts[0]  # --formal reached the prompt


def test_translate_uses_the_saved_glossary(capsys, fake) -> None:
    from desktop_app.core.store.glossary import GlossaryRepository

    with Store() as store:
        GlossaryRepository(store).add("Inkstone", "Pierre-à-encre", target_lang="fr")
    fake.enqueue(["Inkstone est prêt."])

    stdin_text = io.TextIOWrapper(io.BytesIO(b"Inkstone is ready."), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", stdin_text)
        assert main(["translate", "--from", "en", "--to", "fr"]) == 0

    assert capsys.readouterr().out == "Pierre-à-encre est prêt.\n"


def test_translate_refuses_a_binary_file_in_one_line(capsys, tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 20)

    code = main(["translate", "--to", "fr", str(binary)])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("inkstone: error:") and "not look like a text file" in err and err.count("\n") == 1


def test_translate_reads_a_shift_jis_file_as_japanese(capsys, fake, tmp_path: Path) -> None:
    source = tmp_path / "tokyo.txt"
    source.write_bytes("東京は日本の首都です。\n人口は約千四百万人です。\n".encode("shift_jis"))
    fake.enqueue(["Tokyo is the capital of Japan. Its population is about 14 million."])

    assert main(["translate", str(source), "--to", "en"]) == 0

    assert "Detected source language: Japanese (ja)" in capsys.readouterr().err
    assert "東京は日本の首都です。" in fake.prompts[0]


def test_translate_asks_for_the_encoding_of_an_ambiguous_file_and_takes_it(capsys, fake, tmp_path: Path) -> None:
    source = tmp_path / "short.txt"
    source.write_bytes("中文".encode("gb18030"))

    assert main(["translate", str(source), "--to", "en"]) == 1
    assert "--encoding" in capsys.readouterr().err

    fake.enqueue(["Chinese"])
    assert main(["translate", str(source), "--to", "en", "--from", "zh-Hans", "--encoding", "gb18030"]) == 0
    assert "中文" in fake.prompts[0]


def test_translate_to_an_unsupported_language_fails_clearly(capsys, monkeypatch) -> None:
    stdin(monkeypatch, "Hello there.")

    assert main(["translate", "--from", "en", "--to", "xx"]) == 1

    assert "Unsupported language 'xx'" in capsys.readouterr().err


def test_draft_streams_a_template_saves_it_and_exports_docx(capsys, fake, tmp_path: Path) -> None:
    fake.enqueue([" We meet", " on Friday."])
    out_file = tmp_path / "email.docx"

    code = main(["draft", "--template", "email", "--field", "topic=Team lunch", "--field", "audience=the team",
                 "--out", str(out_file)])

    out = capsys.readouterr().out
    assert code == 0
    assert out == "Subject: Team lunch\n\nDear team,\n\nWe meet on Friday.\n"
    assert [p.text for p in Document(str(out_file)).paragraphs] == ["Subject: Team lunch", "Dear team,",
                                                                     "We meet on Friday."]
    with Store() as store:
        [conversation] = store.list_conversations(kind="draft")
        assert conversation.title == "Subject: Team lunch"  # as the window titles drafts: the first line


def test_draft_field_can_come_from_a_file(capsys, fake, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Their going too the libary.", encoding="utf-8")
    fake.enqueue(["They're going to the library."])

    assert main(["draft", "--template", "proofread", "--field", f"text=@{notes}"]) == 0

    assert capsys.readouterr().out == "They're going to the library.\n"
    assert fake.prompts[0].endswith("Text: Their going too the libary.\nCorrected:")


def test_draft_outline_prints_a_numbered_outline(capsys, fake) -> None:
    fake.enqueue([" Costs\n3. Benefits"])

    code = main(["draft", "--outline", "--field", "topic=Solar roofs", "--field", "keywords=cost, sun",
                 "--field", "sections=Introduction"])

    assert code == 0
    assert capsys.readouterr().out == "# Solar roofs\n\n1. Introduction\n2. Costs\n3. Benefits\n"


def test_draft_from_outline_writes_the_document_section_by_section(capsys, fake, tmp_path: Path) -> None:
    outline = tmp_path / "outline.md"
    outline.write_text("# Solar roofs\n\n1. Introduction\n2. Costs\n", encoding="utf-8")
    fake.enqueue(["Roofs catch sun."])
    fake.enqueue(["They pay back."])
    document = tmp_path / "solar.md"

    code = main(["draft", "--from-outline", str(outline), "--field", "length=300", "--out", str(document)])

    out, err = capsys.readouterr()
    assert code == 0
    assert "section 1/2: Introduction" in err and "section 2/2: Costs" in err
    assert "Roofs catch sun." in out and "They pay back." in out
    assert document.read_text(encoding="utf-8") == (
        "# Solar roofs\n\n## Introduction\n\nRoofs catch sun.\n\n## Costs\n\nThey pay back.\n"
    )


def test_draft_from_outline_needs_an_output_file(capsys, tmp_path: Path) -> None:
    assert main(["draft", "--from-outline", str(tmp_path / "x.md")]) == 1

    assert "--out" in capsys.readouterr().err


def test_draft_with_a_missing_field_fails_before_loading_a_model(capsys) -> None:
    assert main(["draft", "--template", "email", "--field", "audience=team"]) == 1

    assert "The Email template needs a topic." in capsys.readouterr().err


def test_draft_lists_its_templates(capsys) -> None:
    assert main(["draft", "--list-templates"]) == 0

    listing = capsys.readouterr().out
    assert listing.count("\n") == 11 and "change-tone" in listing and "topic*" in listing


@pytest.mark.model
def test_draft_runs_on_the_real_model(capsys, starter_model_path) -> None:
    code = main(["draft", "--model", str(starter_model_path), "--template", "rewrite", "--max-tokens", "30",
                 "--field", "text=the printer is broke again so nobody can print nothing today"])

    out = capsys.readouterr().out
    assert code == 0
    assert out.strip() and "Rewritten:" not in out and "Original:" not in out


def test_draft_from_outline_writes_a_pdf(capsys, fake, tmp_path: Path, only_font) -> None:
    from pypdf import PdfReader

    only_font()

    outline = tmp_path / "outline.md"
    outline.write_text("# Solar roofs\n\n1. Introduction\n2. Costs\n", encoding="utf-8")
    fake.enqueue(["Roofs catch sun."])
    fake.enqueue(["They pay back."])
    document = tmp_path / "solar.pdf"

    code = main(["draft", "--from-outline", str(outline), "--out", str(document)])

    assert code == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(document)).pages)
    assert "Solar roofs" in text and "Costs" in text and "They pay back." in text


def test_an_unknown_output_format_is_refused_before_any_generation(capsys, fake, tmp_path: Path) -> None:
    outline = tmp_path / "outline.md"
    outline.write_text("# Solar roofs\n\n1. Introduction\n", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        main(["draft", "--from-outline", str(outline), "--out", str(tmp_path / "solar.txt")])

    assert exit_info.value.code == 2
    assert "use .md, .html, .docx or .pdf" in capsys.readouterr().err
    assert fake.prompts == []


def test_translate_to_a_pdf_with_no_font_for_the_translation_fails_in_one_clear_line(
    capsys, monkeypatch, fake, tmp_path: Path, only_font
) -> None:
    only_font()  # Latin only
    stdin(monkeypatch, "Hello.")
    fake.enqueue(["你好。"])
    document = tmp_path / "hello.pdf"

    code = main(["translate", "--from", "en", "--to", "zh", "--out", str(document)])

    out, err = capsys.readouterr()
    assert code == 1 and out == "你好。\n"
    error = err.splitlines()[-1]
    assert error.startswith("inkstone: error: No font on this computer can show the Chinese (你好。)")
    assert "Noto Sans CJK SC" in err
    assert list(tmp_path.glob("hello.pdf*")) == []


def test_draft_to_a_pdf_with_no_font_for_the_text_fails_clearly(capsys, fake, tmp_path: Path, only_font) -> None:
    only_font()
    fake.enqueue([" 我们周五见。"])

    code = main(["draft", "--template", "email", "--field", "topic=Lunch", "--field", "audience=team",
                 "--out", str(tmp_path / "email.pdf")])

    assert code == 1
    assert "No font on this computer can show the Chinese (我们周五见。)" in capsys.readouterr().err
    assert not (tmp_path / "email.pdf").exists()


class RecordingEngine(FakeEngine):
    """Stands in for llama.cpp only: the command's own loading path (model choice, per-model
    settings, the load guard, the tuned engine) runs as it does for a user."""

    loads: list = []

    def load(self, path, options=None):  # type: ignore[no-untyped-def]
        RecordingEngine.loads.append((Path(path), options))
        return super().load(path, options) if options is not None else super().load(path)


def test_translate_and_draft_load_the_model_with_its_own_settings(
    capsys, monkeypatch, tmp_path: Path, starter_model_path: Path
) -> None:
    import desktop_app.core.engine.llama as llama
    from desktop_app.core.model_settings import ModelSettings, save_overrides
    from desktop_app.core.settings import Settings

    model = tmp_path / "tuned.gguf"
    model.symlink_to(starter_model_path)
    settings = Settings()
    save_overrides(settings, model, ModelSettings(n_ctx=1536, n_threads=1, top_k=7, top_p=0.5, seed=99))
    settings.save()
    RecordingEngine.loads = []
    engines: list[RecordingEngine] = []
    monkeypatch.setattr(llama, "LlamaEngine", lambda: engines.append(RecordingEngine()) or engines[-1])
    source = tmp_path / "doc.txt"
    source.write_text("It is fast.\n", encoding="utf-8")

    assert main(["translate", str(source), "--from", "en", "--to", "fr", "--model", str(model)]) == 0
    assert main(["draft", "--template", "email", "--field", "topic=Lunch", "--model", str(model)]) == 0

    assert [(path, options.n_ctx, options.n_threads, options.seed) for path, options in RecordingEngine.loads] == [
        (model, 1536, 1, 99), (model, 1536, 1, 99)
    ]
    for engine in engines:
        assert engine.params and all((p.top_k, p.top_p, p.seed) == (7, 0.5, 99) for p in engine.params)
