"""read_text_file: common and legacy encodings read, binary and undecodable files refused with a clear message."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.languages import detect_language
from desktop_app.core.writing.text_files import AmbiguousEncodingError, decode_text, read_text_file

TEXT = "Héllo, 世界!\nSecond line."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030"],
)
def test_reads_common_encodings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)

    assert read_text_file(path) == TEXT


def test_windows_newlines_become_plain_newlines(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"one\r\ntwo\rthree")

    assert read_text_file(path) == "one\ntwo\nthree"


def test_binary_file_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    with pytest.raises(WritingError, match="does not look like a text file"):
        read_text_file(path)


def test_control_characters_without_nul_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20 + b"text")

    with pytest.raises(WritingError, match="does not look like a text file"):
        read_text_file(path)


def test_bytes_no_encoding_fits_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xff\xfe\xfa\x80\x80 caf\xe9" * 3 + b"\x80")

    with pytest.raises(WritingError):
        read_text_file(path)


def test_missing_file_and_folder_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(WritingError, match="There is no file"):
        read_text_file(tmp_path / "nope.txt")
    with pytest.raises(WritingError, match="is a folder"):
        read_text_file(tmp_path)


JAPANESE = "東京は日本の首都です。\n人口は約千四百万人で、世界で最も大きな都市のひとつです。\n"
KOREAN = "서울은 한국의 수도입니다.\n인구는 약 천만 명입니다.\n"
CHINESE = "北京是中国的首都。\n这座城市有三千多年的历史。\n"
TRADITIONAL = "臺北是臺灣最大的城市。\n這座城市有很多美食。\n"
FRENCH = "Le garçon a mangé une pomme près de la fenêtre, déjà.\n"
RUSSIAN = "Москва — столица России.\nЭто очень большой город.\n"
ENGLISH = "Plain English text.\nSecond line.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc_jp"),
        (KOREAN, "euc_kr"),
        (CHINESE, "gb18030"),
        (CHINESE, "gb2312"),
        (TRADITIONAL, "big5"),
        (FRENCH, "cp1252"),
        (RUSSIAN, "cp1251"),
        (ENGLISH, "utf-16-le"),
        (ENGLISH, "utf-16-be"),
        (JAPANESE, "utf-16-le"),
        (TEXT, "utf-16-le"),
        (ENGLISH, "utf-32"),  # with its BOM
    ],
)
def test_legacy_and_bom_less_encodings_are_detected(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))

    assert read_text_file(path) == text


def test_a_shift_jis_file_reads_as_japanese_not_as_chinese(tmp_path: Path) -> None:
    path = tmp_path / "tokyo.txt"
    path.write_bytes(JAPANESE.encode("shift_jis"))

    language = detect_language(read_text_file(path))

    assert language is not None and language.code == "ja"


def test_bytes_that_read_as_several_languages_ask_which_encoding() -> None:
    data = "中文".encode("gb18030")  # four bytes: as good Korean or Japanese as Chinese

    with pytest.raises(AmbiguousEncodingError) as asked:
        decode_text(data, "note.txt")

    assert "note.txt" in str(asked.value) and "gb18030: '中文'" in str(asked.value)
    assert {"gb18030", "cp949"} <= {candidate.encoding for candidate in asked.value.candidates}
    assert decode_text(data, "note.txt", encoding="gb18030") == "中文"


def test_an_encoding_that_does_not_fit_or_does_not_exist_is_a_clear_error() -> None:
    with pytest.raises(WritingError, match="not valid UTF-8"):
        decode_text("Grüße".encode("cp1252"), "f.txt", encoding="utf-8")
    with pytest.raises(WritingError, match="no text encoding called 'klingon'"):
        decode_text(b"abc", "f.txt", encoding="klingon")
