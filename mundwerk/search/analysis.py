"""Turn text into the tokens both search backends index and query.

SQLite FTS5 and PostgreSQL never analyze text themselves: they index what
`analyze` returns (space-separated, letters and digits only, so neither
unicode61 nor PostgreSQL's 'simple' parser can split a token further) and
match what `query_variants` returns, so both give the same results. (One
exception: PostgreSQL knows letters through the C library, whose Unicode can
lag Python's: Debian 12's splits at letters new in Unicode 15, like CJK
extension H. It splits such a word in queries alike, so it is still found.)

A token is a word folded (lower case, ß → ss, no diacritics) and stemmed in
its document's language. Folding comes first, so "Fahrräder", "Fahrraeder" and
"fahrrader" all reach the German stemmer in a form it maps to "fahrrad" (it
reads ae/oe/ue as umlauts and drops umlauts), and "Straße" and "Strasse" meet.

German compound words add their stemmed parts to `parts` (never to `words`,
whose positions phrase queries rely on), found with charsplit-fst:

- a word of at least `COMPOUND_MIN_LENGTH` letters is split where its best
  split scores at least `COMPOUND_SCORE`;
- a weaker split among the best three (down to `COMPOUND_EVIDENCE_SCORE`) is
  taken when one of its sides is itself a confident compound, which is how
  charsplit scores three-part words ("Kinder|fahrradhelm" scores -0.53);
- every part is split again by the same rules.

The thresholds come from a sample of 117 compounds and 122 other long words
(German derivations, English loanwords): 0.4 splits 90% of the compounds and
15% of the others, almost all of them junk parts nobody searches for ("ungen",
"ping"). Above 0.5 real compounds start to go missing ("Autoreifen" 0.48,
"Rücksendung" 0.49); below 0.3 derivations come in ("Versicherung" 0.32,
"Unternehmen" 0.23). tests/test_analysis.py holds words from both sides.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from charsplit_fst import Splitter

LANGUAGES = ("de", "en")
MAX_TOKEN_LENGTH = 60
COMPOUND_MIN_LENGTH = 7
COMPOUND_SCORE = 0.4
COMPOUND_EVIDENCE_SCORE = -0.8
HYPHENS = frozenset("-\u2010\u2011")

# Later Unicode versions made these New Tai Lue and Vedic signs letters (Lo);
# SQLite's unicode61 tables still read them as separators, so we do too.
_SQLITE_SEPARATORS = "\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3"
_LETTER = re.compile(f"[^\\W_{_SQLITE_SEPARATORS}]")  # [^\W_] is exactly L* and N*
_SNOWBALL_NAMES = {"de": "german", "en": "english"}
_GERMAN_WORD = re.compile("[a-zäöüß]+")
_COMPOUND_CANDIDATES = 3
_LONGEST_RAW_WORD = 4 * MAX_TOKEN_LENGTH
_stemmers = threading.local()


@dataclass(frozen=True)
class Analyzed:
    """The tokens of one text: one per word in order, and extra ones for compounds."""

    words: list[str]
    parts: list[str]


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    # re has no class for Mn: collect it once, as ranges (a class listing every
    # character outside the BMP is slow), from planes 0, 1 and 14 that hold it.
    ranges: list[list[int]] = []
    for code in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code)) == "Mn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    marks = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges)
    letter = _LETTER.pattern
    return re.compile(f"{letter}+(?:[{marks}]+{letter}*)*")


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield the start and end of every word in `text`, in order."""
    for match in _word_pattern().finditer(text):
        yield match.span()


def tokenize(text: str) -> list[str]:
    """Split text into words: runs of letters and digits, with their combining marks."""
    return _word_pattern().findall(text)


def _fold_characters(text: str) -> str:
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Nd":
            kept.append(str(unicodedata.decimal(char)))
        elif category != "No" and _LETTER.match(char):
            kept.append(char)
    return "".join(kept)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case a word, spell ß as ss and drop diacritics, keeping letters and digits only.

    Digits of any script become ASCII digits; other numbers ("½" decomposes to 1, a
    fraction slash and 2; "৴" stays) lose what is not a digit: PostgreSQL's parser
    reads no such character as part of a word.
    """
    folded = word.casefold()
    if folded.isascii():
        return folded if folded.isalnum() else "".join(filter(str.isalnum, folded))
    # Compatibility forms can decompose into more foldable letters ("ǅ", "ﬃ"):
    # repeat until nothing changes, so that fold(fold(w)) == fold(w).
    for _ in range(4):
        refolded = _fold_characters(unicodedata.normalize("NFKD", folded)).casefold()
        if refolded == folded:
            break
        folded = refolded
    return folded


def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe: one per thread and language.
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(_SNOWBALL_NAMES[language], 0)
        setattr(_stemmers, language, stemmer)
    return stemmer


def _stem(folded: str, language: str) -> str:
    if folded.isdigit():
        return folded
    return _stemmer(language).stemWord(folded) or folded


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown analysis language {language!r}, expected one of {LANGUAGES}.")


def _dedupe(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(token for token in tokens if token))


@lru_cache(maxsize=1)
def _splitter() -> Splitter:
    return Splitter()


@lru_cache(maxsize=32768)
def _is_confident_compound(word: str) -> bool:
    if len(word) < COMPOUND_MIN_LENGTH:
        return False
    candidates = _splitter().split_compound(word)
    return bool(candidates) and candidates[0][0] >= COMPOUND_SCORE


@lru_cache(maxsize=32768)
def _split_compound(word: str) -> tuple[str, ...]:
    """Return the parts of a lower-case German word, recursively, or () if it is none."""
    if len(word) < COMPOUND_MIN_LENGTH or not _GERMAN_WORD.fullmatch(word):
        return ()
    candidates = _splitter().split_compound(word)[:_COMPOUND_CANDIDATES]
    for rank, (score, head, tail) in enumerate(candidates):
        head, tail = head.lower(), tail.lower()
        if head == word or tail == word:
            return ()
        if (rank == 0 and score >= COMPOUND_SCORE) or (
            score >= COMPOUND_EVIDENCE_SCORE
            and (_is_confident_compound(head) or _is_confident_compound(tail))
        ):
            return (head, tail, *_split_compound(head), *_split_compound(tail))
    return ()


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """Return the German stems of a compound word's parts, e.g. fahrrad and helm for Fahrradhelm."""
    raw = unicodedata.normalize("NFC", word).lower()
    if len(raw) < COMPOUND_MIN_LENGTH or len(raw) > MAX_TOKEN_LENGTH:
        return ()
    own = _stem(fold(raw), "de")
    return _dedupe(
        stem for stem in (_stem(fold(part), "de") for part in _split_compound(raw)) if stem != own
    )


@lru_cache(maxsize=131072)
def _analyze_word(raw: str, language: str) -> tuple[str, tuple[str, ...]]:
    if len(raw) > _LONGEST_RAW_WORD:
        return "", ()
    folded = fold(raw)
    if not folded or len(folded) > MAX_TOKEN_LENGTH:
        return "", ()
    parts = compound_parts(raw) if language == "de" else ()
    return _stem(folded, language), parts


def _joined_token(raws: list[str], language: str) -> str:
    if sum(map(len, raws)) > _LONGEST_RAW_WORD:
        return ""
    token, _ = _analyze_word("".join(raws), language)
    return token


def analyze(text: str, language: str) -> Analyzed:
    """Analyze text written in `language` ("de" or "en") into index tokens."""
    _check_language(language)
    words: list[str] = []
    parts: list[str] = []
    chain: list[str] = []  # words joined by single hyphens: Fahrrad-Helm
    chain_end = -1
    for match in _word_pattern().finditer(text):
        raw = match.group()
        token, word_parts = _analyze_word(raw, language)
        if token:
            words.append(token)
            parts.extend(word_parts)
        start = match.start()
        if chain and start == chain_end + 1 and text[chain_end] in HYPHENS:
            chain.append(raw)
        else:
            if len(chain) > 1 and (joined := _joined_token(chain, language)):
                parts.append(joined)
            chain = [raw]
        chain_end = match.end()
    if len(chain) > 1 and (joined := _joined_token(chain, language)):
        parts.append(joined)
    return Analyzed(words=words, parts=parts)


@lru_cache(maxsize=16384)
def query_variants(word: str) -> tuple[str, ...]:
    """Return a query word's tokens: folded, then stemmed as German and as English."""
    folded = fold(word[:_LONGEST_RAW_WORD])
    if not folded or len(folded) > MAX_TOKEN_LENGTH:
        return ()
    return _dedupe((_stem(folded, "de"), _stem(folded, "en")))


@lru_cache(maxsize=65536)
def word_forms(word: str) -> frozenset[str]:
    """Return every token a word can be indexed as, in either language, with compound parts."""
    folded = fold(word[:_LONGEST_RAW_WORD])
    if not folded or len(folded) > MAX_TOKEN_LENGTH:
        return frozenset()
    return frozenset((folded, *query_variants(folded), *compound_parts(word)))
