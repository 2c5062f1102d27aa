import json
import re
from pathlib import Path

import pytest
from django.utils.safestring import SafeString

from mundwerk.core.tests.html_safety import live_markup
from mundwerk.search.snippets import highlight, highlight_title, plain_text
from mundwerk.search.syntax import parse_query

BLNS = Path("/work/shared/corpora/blns/blns.json")
FILLER = "Lorem ipsum dolor sit amet. " * 20
LATER = " Noch mehr Text hier." * 30


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_plain_text_keeps_blocks_apart_and_words_together():
    html = (
        "<h2>Titel</h2><p>Hallo <strong>Wel</strong>t &amp; &lt;Freunde&gt;</p>"
        "<ul><li>eins</li><li>zwei</li></ul><p>Zeile<br>neue Zeile&nbsp;hier</p>"
    )
    assert plain_text(html) == "Titel\nHallo Welt & <Freunde>\neins\nzwei\nZeile\nneue Zeile hier"


def test_plain_text_keeps_code_and_drops_scripts():
    html = "<pre><code>x = a &lt; b\n  print(x)</code></pre><script>alert(1)</script>"
    assert plain_text(html) == "x = a < b\nprint(x)"


def test_plain_text_of_nothing_is_empty():
    assert plain_text("") == ""
    assert plain_text("<p> </p>") == ""


def test_highlight_marks_every_form_of_the_query_words():
    text = "Die Bewertungen loben den Fahrradhelm. Reviews agree, Helmut."
    html = highlight(text, parse_query("Bewertung review helme"))
    assert isinstance(html, SafeString)
    assert marked(html) == ["Bewertungen", "Fahrradhelm", "Reviews"]


def test_highlight_marks_umlaut_spellings_and_prefixes():
    html = highlight("Zwei Fahrraeder und eine Fahrt", parse_query("Fahrräder fahrt*"))
    assert marked(html) == ["Fahrraeder", "Fahrt"]


def test_highlight_marks_a_hyphenated_compound_found_as_one_word():
    html = highlight("Ein Fahrrad-Helm, ein Fahrrad", parse_query("Fahrradhelme"))
    assert marked(html) == ["Fahrrad", "Helm"]


def test_highlight_does_not_mark_excluded_words():
    assert marked(highlight("Helm und Kinder", parse_query("helm -kinder"))) == ["Helm"]


def test_highlight_cuts_around_the_most_matches_with_ellipses():
    text = FILLER + "Mein neuer Fahrradhelm und der Helm vom Nachbarn. " + LATER
    html = highlight(text, parse_query("helm"), length=120)
    assert html.startswith("…") and html.endswith("…")
    assert marked(html) == ["Fahrradhelm", "Helm"]
    assert len(re.sub(r"</?mark>", "", html)) <= 122


def test_highlight_prefers_the_window_with_more_matches():
    text = "Helm am Anfang. " + FILLER + "Helm, Helm und nochmal Helm. " + LATER
    html = highlight(text, parse_query("helm"), length=100)
    assert marked(html) == ["Helm", "Helm", "Helm"]


def test_highlight_shows_the_start_when_nothing_matches():
    text = FILLER + LATER
    html = highlight(text, parse_query("nichts"), length=50)
    assert html == "Lorem ipsum dolor sit amet. Lorem ipsum dolor sit…"


def test_highlight_keeps_short_text_whole():
    assert highlight("Kurzer Helm", parse_query("helm")) == "Kurzer <mark>Helm</mark>"


def test_highlight_near_the_end_fills_the_window_backwards():
    html = highlight(FILLER + "Am Ende ein Helm", parse_query("helm"), length=60)
    assert html.startswith("…") and html.endswith("<mark>Helm</mark>")
    assert len(html) > 50


def test_highlight_cuts_a_word_longer_than_the_window():
    html = highlight("x" * 1000, parse_query("helm"), length=40)
    assert html == "x" * 40 + "…"


def test_highlight_escapes_markup_in_the_text():
    text = 'Helm <script>alert("x")</script> <img src=x onerror=alert(1)> & Co'
    html = highlight(text, parse_query("helm script"))
    assert html == (
        "<mark>Helm</mark> &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>"
        "&gt; &lt;img src=x onerror=alert(1)&gt; &amp; Co"
    )


def test_highlight_title_marks_without_cutting():
    title = "Helm " + "sehr langer Titel " * 30 + "Helm"
    html = highlight_title(title, parse_query("helm"))
    assert marked(html) == ["Helm", "Helm"]
    assert "…" not in html


@pytest.mark.parametrize("query", ["", "helm", "script alert", "a*", '"null undefined"'])
def test_no_naughty_string_gets_markup_through(query):
    parsed = parse_query(query)
    for text in json.loads(BLNS.read_text(encoding="utf-8")):
        for html in (highlight(text, parsed, length=60), highlight_title(text, parsed)):
            assert live_markup(str(html)) == []
            assert re.sub(r"</?mark>", "", html).count("<") == 0
        plain_text(text)
