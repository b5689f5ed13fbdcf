"""Language list, lookup by code/alias/name, and offline detection restricted to our languages."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import InkstoneError
from desktop_app.core.writing.errors import WritingError
from desktop_app.core.writing.languages import LANGUAGES, chinese_script, detect_language, get_language

REQUIRED = ("en", "zh-Hans", "zh-Hant", "ja", "ko", "fr", "de", "es", "pt", "it", "ru", "ar")


def test_every_required_language_has_a_code_english_and_native_name() -> None:
    codes = [lang.code for lang in LANGUAGES]

    assert set(REQUIRED) <= set(codes)
    assert len(codes) == len(set(codes))
    assert all(lang.english_name and lang.native_name for lang in LANGUAGES)
    assert get_language("zh-Hant").native_name == "繁體中文"


@pytest.mark.parametrize(
    ("key", "code"),
    [("FR", "fr"), ("zh-CN", "zh-Hans"), ("zh_TW", "zh-Hant"), ("zh", "zh-Hans"), ("German", "de"),
     ("日本語", "ja"), ("pt-BR", "pt"), (" español ", "es")],
)
def test_lookup_accepts_codes_aliases_and_names(key: str, code: str) -> None:
    assert get_language(key).code == code


def test_unsupported_language_is_a_clear_inkstone_error() -> None:
    with pytest.raises(WritingError) as caught:
        get_language("klingon")

    assert isinstance(caught.value, InkstoneError)
    assert "Unsupported language 'klingon'" in str(caught.value) and "zh-Hans" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The weather is nice today and we are going to the park.", "en"),
        ("Il fait beau aujourd'hui et nous allons au parc.", "fr"),
        ("Das Wetter ist heute schön und wir gehen in den Park.", "de"),
        ("Hoy hace buen tiempo y vamos al parque.", "es"),
        ("O tempo está bom hoje e nós vamos ao parque.", "pt"),
        ("Oggi il tempo è bello e andiamo al parco.", "it"),
        ("Сегодня хорошая погода, и мы идём в парк.", "ru"),
        ("الطقس جميل اليوم ونحن ذاهبون إلى الحديقة.", "ar"),
        ("今日はいい天気なので、公園に行きます。", "ja"),
        ("오늘 날씨가 좋아서 공원에 갑니다.", "ko"),
        ("今天天气很好，我们去公园。这是我们的国家。", "zh-Hans"),
        ("今天天氣很好，我們去公園。這是我們的國家。", "zh-Hant"),
    ],
)
def test_detects_each_language_offline(text: str, code: str) -> None:
    detected = detect_language(text)

    assert detected is not None and detected.code == code


def test_text_without_letters_is_not_guessed() -> None:
    assert detect_language("12345 — 678") is None
    assert detect_language("") is None


def test_kanji_only_japanese_counts_as_chinese_but_kana_decides_japanese() -> None:
    assert detect_language("東京大学").code in ("zh-Hans", "zh-Hant")
    assert detect_language("東京大学に行きます").code == "ja"


def test_chinese_script_counts_traditional_only_characters() -> None:
    assert chinese_script("这个国家") == "zh-Hans"
    assert chinese_script("這個國家") == "zh-Hant"
    assert chinese_script("中文") == "zh-Hans"  # nothing to tell them apart: the common default
