import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mundwerk.search.analysis import (
    COMPOUND_SCORE,
    Analyzed,
    analyze,
    compound_parts,
    fold,
    query_variants,
    tokenize,
    word_forms,
)


def meets(document: str, language: str, query_word: str) -> bool:
    analyzed = analyze(document, language)
    return bool(set(query_variants(query_word)) & {*analyzed.words, *analyzed.parts})


def test_tokenize_splits_on_everything_but_letters_and_digits():
    text = "Fahrrad-Helm x_y don't 12,50€ a.b@c.de (neu)! 😀ok"
    assert tokenize(text) == [
        *("Fahrrad", "Helm", "x", "y", "don", "t", "12", "50", "a", "b", "c", "de", "neu", "ok")
    ]


def test_tokenize_keeps_combining_marks_after_letters_in_the_word():
    assert tokenize("Fahrra\u0308der \u0301x") == ["Fahrra\u0308der", "x"]


def test_tokenize_keeps_letters_and_digits_of_every_script():
    assert tokenize("Ελληνικά русский 日本語 ٣٤ ①") == ["Ελληνικά", "русский", "日本語", "٣٤", "①"]


def test_tokenize_of_text_without_words_is_empty():
    assert tokenize("") == []
    assert tokenize(" -_- !? \x00 \ud800 ") == []


def test_fold_lowercases_spells_sharp_s_and_drops_diacritics():
    assert fold("Fahrräder") == "fahrrader"
    assert fold("STRASSE") == fold("Straße") == fold("straẞe") == "strasse"
    assert fold("Crème Brûlée") == "cremebrulee"
    assert fold("ﬁnal") == "final"


def test_fold_writes_digits_of_other_scripts_as_ascii_digits_and_drops_other_numbers():
    assert fold("٣٤") == "34"
    assert fold("²①") == "21"
    assert fold("½") == "12"
    assert fold("x৴") == "x"


@given(st.text(max_size=30))
def test_fold_is_idempotent_and_keeps_only_letters_and_digits(word):
    folded = fold(word)
    assert fold(folded) == folded
    assert all(unicodedata.category(char)[0] in "LN" for char in folded)


def test_analyze_keeps_one_token_per_word_in_order():
    analyzed = analyze("Der Helm, der Helm und 2 Räder!", "de")
    assert analyzed == Analyzed(words=["der", "helm", "der", "helm", "und", "2", "rad"], parts=[])


def test_german_plural_finds_singular_and_the_other_way_round():
    assert meets("Eine gute Bewertung", "de", "Bewertungen")
    assert meets("Viele Bewertungen", "de", "Bewertung")


def test_english_plural_finds_singular_and_the_other_way_round():
    assert meets("one honest review", "en", "reviews")
    assert meets("many reviews", "en", "review")
    assert meets("I am shopping", "en", "shop")


@pytest.mark.parametrize("document", ["Fahrräder", "Fahrraeder", "fahrrader", "FAHRRÄDER"])
@pytest.mark.parametrize("query", ["Fahrräder", "Fahrraeder", "fahrrad", "Fahrrädern"])
def test_umlaut_and_its_ae_spelling_meet_in_german_text(document, query):
    assert meets(f"Zwei {document} im Keller", "de", query)


@pytest.mark.parametrize(("document", "query"), [("Straße", "Strasse"), ("Strasse", "Straße")])
def test_sharp_s_and_ss_meet_in_both_directions(document, query):
    assert meets(f"In der {document} wohnen", "de", query)
    assert meets(f"on {document} corner", "en", query)


def test_case_does_not_matter():
    assert analyze("HELM Helm helm", "de").words == ["helm", "helm", "helm"]


def test_digits_are_not_stemmed_and_too_long_words_are_dropped():
    long_word = "a" * 61
    assert analyze(f"2024 1000er {long_word} {'b' * 60}", "en").words == [
        "2024",
        "1000er",
        "b" * 60,
    ]


def test_compound_parts_go_to_parts_not_words():
    analyzed = analyze("Mein Fahrradhelm passt", "de")
    assert analyzed.words == ["mein", "fahrradhelm", "passt"]
    assert analyzed.parts == ["fahrrad", "helm"]
    assert meets("Mein Fahrradhelm passt", "de", "Helm")
    assert meets("Mein Fahrradhelm passt", "de", "Helme")


def test_compound_parts_are_split_again_while_they_score_well():
    assert compound_parts("Autobahnraststätte") == ("autobahn", "raststatt", "auto", "bahn")
    assert compound_parts("Kinderfahrradhelm") == ("kind", "fahrradhelm", "fahrrad", "helm")
    assert "schiff" in compound_parts("Donaudampfschifffahrt")


def test_only_german_text_has_its_compounds_split():
    assert analyze("Fahrradhelm", "en").parts == []


def test_hyphenated_words_add_the_joined_word_to_parts_in_both_languages():
    assert analyze("Der Fahrrad-Helm", "de") == Analyzed(
        words=["der", "fahrrad", "helm"], parts=["fahrradhelm"]
    )
    assert analyze("my e-mail", "en") == Analyzed(words=["my", "e", "mail"], parts=["email"])
    assert analyze("a - b", "en").parts == []


def test_compound_plural_query_finds_hyphenated_compound():
    assert meets("Der Fahrrad-Helm ist neu", "de", "Fahrradhelme")


# The threshold: compounds charsplit scores above it, other long words below
# it, nearest first (score in the comment).
@pytest.mark.parametrize(
    "word",
    [
        "Autoreifen",  # 0.48
        "Rücksendung",  # 0.49
        "Regenschirm",  # 0.54
        "Gutschein",  # 0.59
        "Fahrradhelm",  # 0.78
        "Skihelm",  # 0.69, seven letters
        "Versandkosten",  # 0.97
        "Fahrradhelmpflicht",  # -0.59 but "Helmpflicht" is a compound (0.92)
    ],
)
def test_compounds_scoring_above_the_threshold_are_split(word):
    assert compound_parts(word)


@pytest.mark.parametrize(
    "word",
    [
        "Versicherung",  # 0.32
        "Unternehmen",  # 0.23
        "Verbesserung",  # 0.15
        "Schokolade",  # 0.12
        "Bewertungen",  # 0.03
        "Entwicklung",  # 0.01
        "Freundlichkeit",  # -0.86
        "Zufriedenheit",  # -1.36
        "Handy",  # too short to split
    ],
)
def test_other_long_words_scoring_below_the_threshold_are_not_split(word):
    assert COMPOUND_SCORE == 0.4
    assert compound_parts(word) == ()


def test_words_with_digits_or_other_scripts_are_not_split():
    assert compound_parts("Fahrrad2000helm") == ()
    assert compound_parts("Велосипедный") == ()


def test_query_variants_are_the_german_and_the_english_stem_without_repeats():
    assert query_variants("Bewertungen") == ("bewert", "bewertungen")
    assert query_variants("reviews") == ("reviews", "review")
    assert query_variants("Helm") == ("helm",)
    assert query_variants("2024") == ("2024",)
    assert query_variants("!!!") == ()
    assert query_variants("x" * 61) == ()


def test_word_forms_hold_the_fold_both_stems_and_compound_parts():
    assert word_forms("Fahrradhelme") == {"fahrradhelme", "fahrradhelm", "fahrrad", "helm"}


def test_analyze_refuses_a_language_it_cannot_stem():
    with pytest.raises(ValueError, match="fr"):
        analyze("bonjour", "fr")


@given(st.text(max_size=200), st.sampled_from(["de", "en"]))
def test_analyzed_tokens_hold_nothing_but_letters_and_digits(text, language):
    analyzed = analyze(text, language)
    for token in analyzed.words + analyzed.parts:
        assert 0 < len(token) <= 60
        assert all(unicodedata.category(char)[0] in "LN" for char in token)


def _sqlite_token_counts(rows: list[str]) -> list[int]:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    database.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    database.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(rows))
    counts = dict(database.execute("SELECT doc, count(*) FROM v GROUP BY doc"))
    return [counts.get(row, 0) for row in range(len(rows))]


def every_letter_and_digit() -> list[str]:
    """Return a word around each letter and digit of Unicode, as German tokens."""
    words = []
    for code in range(0x110000):
        if unicodedata.category(chr(code))[0] in "LN":
            words.extend(analyze(f"a{chr(code)}b", "de").words)
    return words


def test_sqlite_unicode61_never_splits_a_token_of_any_letter_or_digit():
    words = every_letter_and_digit()
    rows = [" ".join(words[start : start + 500]) for start in range(0, len(words), 500)]
    expected = [len(row.split()) for row in rows]
    assert _sqlite_token_counts(rows) == expected


@given(st.text(max_size=100), st.sampled_from(["de", "en"]))
def test_sqlite_unicode61_keeps_every_analyzed_token_whole(text, language):
    analyzed = analyze(text, language)
    tokens = analyzed.words + analyzed.parts
    assert _sqlite_token_counts([" ".join(tokens)]) == [len(tokens)]
