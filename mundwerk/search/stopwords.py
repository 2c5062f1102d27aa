"""Words too common to search for: left out of a query that has other words.

"der Kette" looks for "Kette"; scoring every post that contains "der" would
cost more than the whole rest of the search and change nothing about which
posts are best. A query of such words only ("was ist das") is kept whole and
answered newest first, since relevance means nothing there. Words in quotes
are never left out: a phrase needs all its words.
"""

from dataclasses import replace

from mundwerk.search.analysis import fold
from mundwerk.search.syntax import SearchQuery, Term

_GERMAN = """
    aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin
    bis bist da damit dann das dass dazu dein deine dem den denn der des dich die dies diese
    diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es
    etwas euch euer eure für gegen gibt habe haben hat hatte hier ich ihm ihn ihnen ihr ihre im
    in ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine man mehr mein meine mich
    mir mit muss nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine sich sie sind
    so soll über um und uns unser unter viel vom von vor war waren warum was weil welche wenn
    wer werden wie wieder wir wird wo zu zum zur
"""
_ENGLISH = """
    a about after all also am an and any are as at be been but by can could did do does for
    from had has have he her here him his how i if in into is it its just me more my no not
    of on or our out she so some than that the their them then there these they this those to
    too up us very was we were what when where which who why will with would you your
"""
STOPWORDS = frozenset(fold(word) for word in f"{_GERMAN} {_ENGLISH}".split())


def is_stopword(term: Term) -> bool:
    """Whether a plain query word (not a beginning, not in quotes) is too common to search."""
    return not term.prefix and fold(term.raw) in STOPWORDS


def without_stopwords(query: SearchQuery) -> tuple[SearchQuery, bool]:
    """The query without its too-common words, and whether only such words were asked for."""
    kept = tuple(
        clause for clause in query.include if not (isinstance(clause, Term) and is_stopword(clause))
    )
    if not query.include or kept:
        return replace(query, include=kept), False
    return query, True
