import pytest

from mundwerk.search.language import default_language, detect_language

GERMAN = (
    "Ich habe mir letzte Woche einen neuen Fahrradhelm bei euch gekauft und bin sehr zufrieden. "
    "Die Lieferung kam schnell, die Verpackung war ordentlich und der Helm sitzt perfekt."
)
ENGLISH = (
    "I bought a new bike helmet from your shop last week and I am very happy with it. "
    "Delivery was fast, the packaging was neat and the helmet fits perfectly."
)


@pytest.mark.parametrize(
    "text",
    [
        "Danke!",
        "Super Laden",
        "Sehr gut",
        "Schnelle Lieferung",
        "Gerne wieder",
        "Wo ist mein Paket?",
    ],
)
def test_short_german_texts_are_german(text, settings):
    settings.LANGUAGE_CODE = "en"
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    "text",
    ["great shop", "Thanks!", "helmet", "The helmet fits", "fast delivery", "where is my parcel?"],
)
def test_short_english_texts_are_english(text, settings):
    settings.LANGUAGE_CODE = "de"
    assert detect_language(text) == "en"


def test_posts_are_told_apart_by_their_function_words():
    assert detect_language(GERMAN) == "de"
    assert detect_language(ENGLISH) == "en"


def test_mixed_posts_are_decided_by_what_they_mostly_are():
    assert detect_language(f"{GERMAN} Zitat: „the helmet fits“") == "de"
    assert detect_language(f"{ENGLISH} My friend said „sehr gut“.") == "en"


def test_only_the_first_thousand_characters_are_looked_at():
    assert detect_language((GERMAN + " ") * 6 + ENGLISH * 20) == "de"


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "😀👍", "!!!", "ok", "\ud800\x00"])
def test_text_without_a_clear_language_gets_the_sites_language(text, settings):
    settings.LANGUAGE_CODE = "en"
    assert detect_language(text) == "en"
    settings.LANGUAGE_CODE = "de-at"
    assert detect_language(text) == "de"


def test_a_site_in_neither_language_defaults_to_german(settings):
    settings.LANGUAGE_CODE = "fr"
    assert default_language() == "de"
    assert detect_language("") == "de"
