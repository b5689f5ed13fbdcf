"""read_text_file: common encodings read, binary and undecodable files refused with a clear message."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.text_files import read_text_file

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
