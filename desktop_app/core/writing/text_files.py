"""Reading a text file to translate or edit, whatever encoding it is in, and refusing the rest.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; valid UTF-8 is UTF-8; NUL bytes
mean UTF-16 or UTF-32 without a BOM, or a binary file; anything else is a legacy encoding
found by charset-normalizer. Its ranking often ties on short or related texts (Shift-JIS,
Big5 and GB18030 all decode "日本語"'s six bytes without error), so among the tied candidates
the one whose text uses the most common characters wins (_common_share), then the more
common encoding. When two readings are equally plausible and mostly different (a few bytes
that are Korean in one encoding and Japanese in another), AmbiguousEncodingError lists them
so the user can choose, and decode_text(data, encoding=...) reads it their way.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.writing.errors import WritingError

MAX_BYTES = 20 * 1024 * 1024  # about 3 million words: far past any document worth translating here
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
# The legacy encodings desktop text files are written in (no EBCDIC or DOS oddities, which
# read almost any bytes as plausible letters). In order of preference where readings tie.
_LEGACY = [
    "cp1252", "latin_1", "iso8859_15", "gb18030", "cp932", "shift_jis", "cp949", "euc_kr", "big5", "cp950",
    "big5hkscs", "euc_jp", "euc_jis_2004", "iso2022_jp", "iso2022_kr", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp866", "cp1250", "iso8859_2", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "iso8859_8",
    "cp1256", "iso8859_6", "cp1257", "iso8859_13", "cp1258", "cp874", "tis_620", "mac_roman",
]
_SAMPLE = 4000  # characters of each reading compared
_CHAOS_MARGIN = 0.1  # charset-normalizer's mess score, on short texts, can favour the wrong reading by this much
_TIE = 0.02  # common-character shares this close count as a tie
_SHARED_FOR_SAME_READING = 0.5  # readings sharing more of their characters differ in a few letters only


@dataclass(frozen=True)
class EncodingCandidate:
    encoding: str  # a Python codec name
    preview: str  # the start of the text read this way


class AmbiguousEncodingError(WritingError):
    """Two encodings give different, equally plausible texts: the user has to choose."""

    def __init__(self, name: str, candidates: list[EncodingCandidate]) -> None:
        readings = "; ".join(f"{c.encoding}: {c.preview!r}" for c in candidates)
        super().__init__(f"Inkstone cannot tell which encoding {name} is in: it reads as {readings}.")
        self.candidates = candidates


def read_text_file(path: str | Path, encoding: str | None = None) -> str:
    """The file's text (newlines as \\n), in `encoding` if given, else the one detected.

    Raises WritingError for a missing or unreadable file, a binary file (NUL bytes that are not
    UTF-16/32, or more than 1% control characters after decoding), bytes no encoding fits, or
    a file over MAX_BYTES; AmbiguousEncodingError when the encoding cannot be told.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise WritingError(f"{path.name} is too large to open here ({size // (1024 * 1024)} MB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise WritingError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise WritingError(f"{path} is a folder, not a text file.") from None
    except OSError as exc:
        raise WritingError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    return decode_text(data, path.name, encoding)


def decode_text(data: bytes, name: str = "The file", encoding: str | None = None) -> str:
    text = _decode_as(data, encoding, name) if encoding else _decode(data, name)
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > max(2, len(text) // 100):
        raise WritingError(f"{name} does not look like a text file (it may be binary).")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    if b"\x00" not in data:  # NUL is valid UTF-8, but text has none: UTF-16 without a BOM has many
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return _detected(data, name)


def _detected(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    wide = b"\x00" in data  # no 8-bit encoding of text has NUL bytes; UTF-16 and UTF-32 are full of them
    results = list(from_bytes(data, cp_isolation=_WIDE if wide else _LEGACY))
    if not results:
        if wide:
            raise WritingError(f"{name} does not look like a text file (it may be binary).")
        raise WritingError(f"{name} is not in a text encoding Inkstone can read.")
    first = results[0]
    plausible = [r for r in results if r.chaos <= first.chaos + _CHAOS_MARGIN]
    readings: dict[str, tuple[str, float]] = {}  # the start of a reading -> (encoding, coherence)
    for result in plausible:
        encoding = min([result.encoding, *result.could_be_from_charset], key=_preference)
        text = data[: 4 * _SAMPLE].decode(encoding, "replace")[:_SAMPLE]
        if text not in readings or _preference(encoding) < _preference(readings[text][0]):
            readings[text] = (encoding, result.coherence)
    # Common characters first; then charset-normalizer's language coherence, which tells
    # related Latin code pages apart; then the more used encoding.
    ranked = sorted(readings.items(), key=lambda item: (-_common_share(item[0]), -item[1][1], _preference(item[1][0])))
    best_text, (best_encoding, best_coherence) = ranked[0]
    rivals = [(text, encoding) for text, (encoding, coherence) in ranked[1:]
              if _common_share(text) >= _common_share(best_text) - _TIE and coherence >= best_coherence - _TIE * 5
              and _shared(text, best_text) < _SHARED_FOR_SAME_READING]
    if rivals:
        raise AmbiguousEncodingError(name, [EncodingCandidate(encoding, " ".join(text[:40].split()))
                                            for text, encoding in [(best_text, best_encoding), *rivals]])
    return _decode_as(data, best_encoding, name)


def _common_share(text: str) -> float:
    """The share of characters an ordinary text is made of: a wrong decoding yields rare ones."""
    sample = [ch for ch in text[:_SAMPLE] if not ch.isspace()]
    if not sample:
        return 1.0
    kana = any("\u3040" <= ch <= "\u30ff" for ch in sample)
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in sample)
    return sum(1 for ch in sample if _is_common(ch, kana, hangul)) / len(sample)


def _is_common(ch: str, kana: bool, hangul: bool) -> bool:
    """Letters, digits and punctuation, except what a mis-decoded East Asian text is made of.

    Ideographs count when they are among the most used of the language the text looks like:
    the first level of JIS X 0208 beside kana, of GB2312 or Big5 otherwise, and none beside
    Hangul (modern Korean is written in Hangul; ideographs among it are a Chinese or Japanese
    text read as Korean). Hangul syllables count when KS X 1001 has them. Halfwidth katakana,
    symbols, private-use and unassigned code points never count.
    """
    code = ord(ch)
    if code < 0x80:
        return ch.isprintable()
    if 0xFF61 <= code <= 0xFF9F:  # halfwidth katakana: Shift-JIS single bytes, rare in real text
        return False
    name = unicodedata.name(ch, "")
    if name.startswith("CJK UNIFIED IDEOGRAPH"):
        if hangul:
            return False
        if kana:
            return _in_range(ch, "shift_jis", 0x889F, 0x9872)
        return _in_range(ch, "gb2312", 0xB0A1, 0xD7FE) or _in_range(ch, "big5", 0xA440, 0xC67E)
    if name.startswith("HANGUL SYLLABLE"):
        return _in_range(ch, "euc_kr", 0xB0A1, 0xC8FE)
    return unicodedata.category(ch)[0] in "LNPZ"


def _in_range(ch: str, encoding: str, low: int, high: int) -> bool:
    try:
        encoded = ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and low <= int.from_bytes(encoded, "big") <= high


def _shared(text: str, other: str) -> float:
    """The share of text's distinct characters that other uses too."""
    mine = set(text)
    return len(mine & set(other)) / len(mine) if mine else 1.0


def _preference(encoding: str) -> int:
    return _LEGACY.index(encoding) if encoding in _LEGACY else len(_LEGACY)


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise WritingError(f"There is no text encoding called {encoding!r}.") from None
    text = _strict(data, encoding, name)
    return text[1:] if text.startswith("\ufeff") else text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise WritingError(f"{name} is not valid {encoding.upper()} text (it may be damaged).") from None
