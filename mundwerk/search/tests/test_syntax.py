import json
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.utils.functional import Promise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mundwerk.search.analysis import analyze
from mundwerk.search.syntax import (
    MAX_CLAUSES,
    MAX_QUERY_LENGTH,
    Phrase,
    SearchQuery,
    Term,
    compile_fts5,
    compile_tsquery,
    parse_query,
)

BLNS = Path("/work/shared/corpora/blns/blns.json")
POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
TSVECTOR = (
    "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')"
    " || setweight(to_tsvector('simple', parts), 'C')"
)

# id: (title, body, language)
DOCUMENTS = {
    1: ("Bewertung", "Eine ehrliche Bewertung des Ladens", "de"),
    2: ("Review", "one honest review of the shop", "en"),
    3: ("Keller", "Zwei Fahrräder im Keller", "de"),
    4: ("Garage", "Drei Fahrraeder in der Garage", "de"),
    5: ("Sperrung", "Die Straße ist gesperrt", "de"),
    6: ("Zürich", "Die Strasse in der Schweiz", "de"),
    7: ("Mein Fahrradhelm", "Er passt gut", "de"),
    8: ("Italien", "Ein Fahrrad-Helm aus Italien", "de"),
    9: ("Für Kinder", "Der Helm ist zu klein", "de"),
    10: ("near AND", "not or", "en"),
    11: ("Paket", "Die Lieferung war schnell", "de"),
    12: ("Post", "Eine schnelle Lieferung", "de"),
}


def row(title: str, body: str, language: str) -> tuple[str, str, str]:
    analyzed_title, analyzed_body = analyze(title, language), analyze(body, language)
    parts = analyzed_title.parts + analyzed_body.parts
    return " ".join(analyzed_title.words), " ".join(analyzed_body.words), " ".join(parts)


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, parts)")
    database.executemany(
        "INSERT INTO docs(rowid, title, body, parts) VALUES (?, ?, ?, ?)",
        [(key, *row(*document)) for key, document in DOCUMENTS.items()],
    )
    yield database
    database.close()


@pytest.fixture(scope="module")
def postgres() -> Iterator[object]:
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect(POSTGRES, autocommit=True)
    except psycopg.OperationalError as error:
        if os.environ.get("MUNDWERK_REQUIRE_SERVICES") == "1":
            pytest.fail(f"PostgreSQL is not reachable at 127.0.0.1:5432: {error}")
        pytest.skip("no PostgreSQL at 127.0.0.1:5432: the tsquery semantics need it")
    connection.execute("CREATE TEMPORARY TABLE docs (id int, title text, body text, parts text)")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO docs VALUES (%s, %s, %s, %s)",
            [(key, *row(*document)) for key, document in DOCUMENTS.items()],
        )
    yield connection
    connection.close()


def sqlite_search(database: sqlite3.Connection, text: str) -> set[int]:
    expression = compile_fts5(parse_query(text))
    assert expression is not None
    found = database.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))
    return {key for (key,) in found}


def postgres_search(connection, text: str) -> set[int]:
    expression = compile_tsquery(parse_query(text))
    assert expression is not None
    found = connection.execute(
        f"SELECT id FROM docs WHERE ({TSVECTOR}) @@ to_tsquery('simple', %s)",
        (expression,),
    )
    return {key for (key,) in found}


@pytest.fixture(params=["sqlite", "postgres"])
def search(request) -> Callable[[str], set[int]]:
    if request.param == "sqlite":
        database = request.getfixturevalue("fts5")
        return lambda text: sqlite_search(database, text)
    connection = request.getfixturevalue("postgres")
    return lambda text: postgres_search(connection, text)


# What members get, the same from both backends.


def test_german_plural_finds_singular(search):
    assert search("Bewertungen") == {1}


def test_english_plural_finds_singular(search):
    assert search("reviews") == {2}


@pytest.mark.parametrize("query", ["Fahrräder", "Fahrraeder", "fahrrader", "FAHRRAD"])
def test_umlaut_ae_spelling_and_case_all_find_each_other(search, query):
    assert search(query) == {3, 4, 7, 8}  # 7 and 8 through their compounds


@pytest.mark.parametrize("query", ["Straße", "Strasse", "STRASSE"])
def test_sharp_s_and_ss_find_each_other(search, query):
    assert search(query) == {5, 6}


def test_part_of_a_compound_finds_the_compound(search):
    assert search("Helm") == {7, 8, 9}


def test_compound_plural_finds_the_hyphenated_compound(search):
    assert search("Fahrradhelme") == {7, 8}


def test_hyphenated_query_finds_the_closed_compound(search):
    assert search("Fahrrad-Helm") == {7, 8}


def test_phrase_needs_its_words_in_order(search):
    assert search('"schnelle Lieferung"') == {12}
    assert search("schnelle Lieferung") == {11, 12}


def test_phrase_does_not_match_compound_parts(search):
    assert search('"Fahrrad Helm"') == {8}


def test_prefix_matches_words_and_compound_parts(search):
    assert search("fahrr*") == {3, 4, 7, 8}
    assert search("hel*") == {7, 8, 9}


def test_excluded_words_remove_documents(search):
    assert search("helm -kinder") == {7, 8}
    assert search('helm -"aus italien" -klein') == {7}


def test_search_keywords_are_plain_words(search):
    assert search("NOT AND near or") == {10}
    assert search("near -NOT") == set()


# Parsing.


def test_words_become_terms_with_both_stems():
    query = parse_query("Bewertungen Helm")
    assert query.include == (
        Term(variants=("bewert", "bewertungen"), prefix=False, raw="Bewertungen"),
        Term(variants=("helm",), prefix=False, raw="Helm"),
    )
    assert query.problems == ()


def test_quoted_words_become_a_phrase_with_one_alternative_per_language():
    assert parse_query('"schnelle Lieferungen"').include == (
        Phrase(
            alternatives=(("schnell", "liefer"), ("schnell", "lieferungen")),
            raw='"schnelle Lieferungen"',
        ),
    )


def test_a_hyphenated_word_is_a_phrase_or_the_joined_word():
    assert parse_query("Fahrrad-Helme").include == (
        Phrase(alternatives=(("fahrrad", "helm"), ("fahrradhelm",)), raw="Fahrrad-Helme"),
    )


def test_unbalanced_quote_makes_the_rest_a_phrase():
    query = parse_query('helm "schnelle lieferung')
    assert query.include[1] == Phrase(
        alternatives=(("schnell", "liefer"), ("schnell", "lieferung")),
        raw='"schnelle lieferung"',
    )
    assert query.problems == ()


def test_prefix_is_folded_and_also_looked_for_as_its_stems():
    assert parse_query("Fährräde*").include == (
        Term(variants=("fahrrade", "fahrrad"), prefix=True, raw="Fährräde*"),
    )
    # English indexes "happy" as "happi": the folded beginning alone would miss it.
    assert parse_query("happy*").include[0].variants == ("happy", "happi")


def test_prefix_of_one_letter_is_searched_as_a_word_with_a_message():
    query = parse_query("f*")
    assert query.include == (Term(variants=("f",), prefix=False, raw="f"),)
    assert "2 letters" in str(query.problems[0])


def test_minus_excludes_and_an_exclusion_alone_includes_nothing():
    query = parse_query("-helm")
    assert query.include == ()
    assert query.exclude == (Term(variants=("helm",), prefix=False, raw="helm"),)
    assert query.is_empty
    assert compile_fts5(query) is None
    assert compile_tsquery(query) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "-", "*", "by:", "-- ** \"\" ''", "in: tag: -by:", "!?"]
)
def test_operators_with_nothing_after_them_are_ignored(text):
    query = parse_query(text)
    assert query == SearchQuery()
    assert query.is_empty


def test_every_filter_is_read():
    query = parse_query(
        "IN:Werkstatt in:laden By:@Erika by:bernd TAG:EBike after:2024-01-31 "
        "before:2024-12-31 has:image is:Solved"
    )
    assert query.spaces == ("werkstatt", "laden")
    assert query.authors == ("Erika", "bernd")
    assert query.tags == ("ebike",)
    assert query.after == date(2024, 1, 31)
    assert query.before == date(2024, 12, 31)
    assert query.has == {"image"}
    assert query.is_ == {"solved"}
    assert query.include == ()
    assert query.problems == ()
    assert not query.is_empty
    assert compile_fts5(query) is None


@pytest.mark.parametrize(
    "value", ["2024-1-5", "31.12.2024", "2024-02-30", "yesterday", "\uff12\uff10\uff12\uff14-01-01"]
)
def test_a_date_that_is_not_yyyy_mm_dd_gets_a_message(value):
    query = parse_query(f"helm after:{value}")
    assert query.after is None
    assert "YYYY-MM-DD" in str(query.problems[0])


def test_after_later_than_before_gets_a_message():
    query = parse_query("after:2024-05-01 before:2024-04-01")
    assert "later" in str(query.problems[0])


def test_unknown_has_and_is_values_get_a_message():
    query = parse_query("has:video is:open")
    assert query.has == frozenset()
    assert query.is_ == frozenset()
    assert [str(problem) for problem in query.problems] == [
        "“has:video” is not known. You can search for has:image.",
        "“is:open” is not known. You can search for is:solved.",
    ]


def test_unknown_filter_gets_a_message_and_is_not_searched():
    query = parse_query("nope:x helm")
    assert [clause.raw for clause in query.include] == ["helm"]
    assert "nope:" in str(query.problems[0])


def test_excluded_filter_gets_a_message_and_is_ignored():
    query = parse_query("helm -in:werkstatt")
    assert query.spaces == ()
    assert "-in:" in str(query.problems[0])


def test_words_ending_in_a_colon_and_links_are_searched_as_text():
    query = parse_query("Frage: https://example.com/helm")
    assert [clause.raw for clause in query.include] == ["Frage:", "https://example.com/helm"]
    assert query.problems == ()


def test_problems_are_lazy_translatable_messages():
    (problem,) = parse_query("has:video").problems
    assert isinstance(problem, Promise)


def test_a_long_query_is_cut_with_a_message():
    query = parse_query("helm " + "x" * 10_000)
    assert [clause.raw for clause in query.include] == ["helm"]  # the cut word is too long
    assert str(MAX_QUERY_LENGTH) in str(query.problems[0])


def test_more_than_the_clause_limit_is_ignored_with_a_message():
    words = [f"wort{number}" for number in range(MAX_CLAUSES + 5)]
    query = parse_query(" ".join(words))
    assert [clause.raw for clause in query.include] == words[:MAX_CLAUSES]
    assert str(MAX_CLAUSES) in str(query.problems[0])


def test_a_repeated_word_is_one_clause():
    assert len(parse_query("helm helm -x -x").include) == 1


def test_messages_do_not_echo_control_characters_or_lone_surrogates():
    query = parse_query("no\x00pe\ud800:x after:\x1b[31m")
    for problem in query.problems:
        str(problem).encode("utf-8")


# Compiled expressions.


def test_fts5_expression_quotes_every_token_and_names_the_columns():
    expression = compile_fts5(parse_query('near fahr* "a b" -not'))
    assert expression == (
        '(({title body parts} : ("near")) AND ({title body parts} : ("fahr" *))'
        ' AND ({title body} : ("a" + "b"))) NOT ({title body parts} : ("not"))'
    )


def test_tsquery_quotes_lexemes_and_keeps_phrases_to_title_and_body():
    expression = compile_tsquery(parse_query('Bewertungen fahr* "a b" -not'))
    assert expression == (
        "('bewert' | 'bewertungen') & ('fahr':*) & (('a':AB <-> 'b':AB)) & !('not')"
    )


_SYNTAX = st.sampled_from(
    [
        '"',
        "-",
        "*",
        ":",
        " ",
        "in:",
        "by:@",
        "tag:",
        "after:",
        "has:",
        "is:",
        "2024-01-01",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "(",
        ")",
        "{",
        "}",
        "'",
        "\\",
        "^",
        "+",
        "!",
        "&",
        "|",
        "<->",
        ":*",
        "Straße",
        "Fahrrad-Helm",
        "é",
        "ß",
        "\x00",
        "_",
        "日本",
    ]
)
QUERIES = st.one_of(st.text(max_size=300), st.lists(_SYNTAX, max_size=40).map("".join))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_any_query_parses_compiles_and_is_accepted_by_fts5(fts5, text):
    query = parse_query(text)
    compile_tsquery(query)
    expression = compile_fts5(query)
    if expression is not None:
        fts5.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)).fetchall()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_any_query_compiles_to_a_tsquery_postgresql_accepts(postgres, text):
    expression = compile_tsquery(parse_query(text))
    if expression is not None:
        postgres.execute("SELECT to_tsquery('simple', %s)", (expression,)).fetchall()


def naughty_strings() -> list[str]:
    return json.loads(BLNS.read_text(encoding="utf-8"))


def test_every_naughty_string_parses_and_fts5_accepts_it(fts5):
    for text in naughty_strings():
        for variant in (text, f'"{text}', f"-{text} helm", f"{text}*", f"in:{text}"):
            expression = compile_fts5(parse_query(variant))
            if expression is not None:
                fts5.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))


def test_every_naughty_string_compiles_to_a_tsquery_postgresql_accepts(postgres):
    for text in naughty_strings():
        for variant in (text, f'"{text}', f"-{text} helm", f"{text}*"):
            expression = compile_tsquery(parse_query(variant))
            if expression is not None:
                postgres.execute("SELECT to_tsquery('simple', %s)", (expression,)).fetchall()


def test_postgresql_never_splits_a_token_of_a_letter_or_digit_its_c_library_knows(postgres):
    # Unicode 3.2 is the oldest table Python has: every C library knows it.
    old = unicodedata.ucd_3_2_0
    letters = (chr(code) for code in range(0x110000) if old.category(chr(code))[0] in "LN")
    words = [word for letter in letters for word in analyze(f"a{letter}b", "de").words]
    split = postgres.execute(
        "SELECT w FROM unnest(%s::text[]) AS w WHERE length(to_tsvector('simple', w)) <> 1",
        (words,),
    ).fetchall()
    assert split == []


def test_a_word_with_a_letter_too_new_for_postgresql_still_finds_itself(postgres):
    title, body, parts = row("Neu", "x a\U000323afb y", "en")  # CJK extension H, Unicode 15
    tsvector = TSVECTOR.replace("title", "%(title)s").replace("body", "%(body)s")
    tsvector = tsvector.replace("parts", "%(parts)s")
    for text in ["a\U000323afb", '"x a\U000323afb y"', "a\U000323af*"]:
        found = postgres.execute(
            f"SELECT {tsvector} @@ to_tsquery('simple', %(query)s)",
            {
                "title": title,
                "body": body,
                "parts": parts,
                "query": compile_tsquery(parse_query(text)),
            },
        ).fetchone()
        assert found == (True,)
