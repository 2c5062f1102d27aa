"""The search box's query language, parsed once and compiled for each backend.

    helm "schnelle lieferung" fahr* -defekt in:werkstatt by:@erika tag:ebike
    after:2024-01-31 before:2024-12-31 has:image is:solved

Words are ANDed; a word matches any of its analyses (German and English stem,
compound parts). "Quoted words" are a phrase, `fahr*` a prefix (folded, not
stemmed), `-word` excludes. Nothing a member types raises: what cannot be
understood is dropped with a message in `SearchQuery.problems`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mundwerk.search.analysis import HYPHENS, MAX_TOKEN_LENGTH, fold, query_variants, tokenize

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 20
MIN_PREFIX_LENGTH = 2
HAS_VALUES = frozenset({"image"})
IS_VALUES = frozenset({"solved"})
FILTER_KEYS = ("in", "by", "tag", "after", "before", "has", "is")
FTS5_TEXT_COLUMNS = "title body"
FTS5_PARTS_COLUMN = "parts"

# An optional "-", then a "quoted phrase" (the closing quote may be missing)
# or a run of anything but spaces and quotes.
_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_FILTER = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ECHO_LENGTH = 40


@dataclass(frozen=True)
class Term:
    """One word: a document matches if it holds any of the variants (as a prefix if `prefix`)."""

    variants: tuple[str, ...]
    prefix: bool
    raw: str


@dataclass(frozen=True)
class Phrase:
    """Words in this order: one token sequence per stemming language, any of them matches."""

    alternatives: tuple[tuple[str, ...], ...]
    raw: str


Clause = Term | Phrase


@dataclass(frozen=True)
class SearchQuery:
    """What a member searched for: text clauses, filters and what could not be understood."""

    include: tuple[Clause, ...] = ()
    exclude: tuple[Clause, ...] = ()
    spaces: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None
    has: frozenset[str] = field(default_factory=frozenset)
    is_: frozenset[str] = field(default_factory=frozenset)
    problems: tuple["StrOrPromise", ...] = ()

    @property
    def has_filters(self) -> bool:
        """Whether anything but text narrows the search."""
        return bool(
            self.spaces
            or self.authors
            or self.tags
            or self.after
            or self.before
            or self.has
            or self.is_
        )

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to search for: no words to find and no filters."""
        return not self.include and not self.has_filters


def _echo(value: str) -> str:
    shown = "".join(char for char in value if char.isprintable())
    return shown if len(shown) <= _ECHO_LENGTH else shown[: _ECHO_LENGTH - 1] + "…"


class _Parser:
    def __init__(self) -> None:
        self.include: list[Clause] = []
        self.exclude: list[Clause] = []
        self.seen: set[tuple[bool, Clause]] = set()
        self.lists: dict[str, list[str]] = {"in": [], "by": [], "tag": []}
        self.dates: dict[str, date] = {}
        self.has: set[str] = set()
        self.is_: set[str] = set()
        self.problems: list[StrOrPromise] = []

    def problem(self, message: "StrOrPromise") -> None:
        if message not in self.problems:
            self.problems.append(message)

    def parse(self, text: str) -> SearchQuery:
        if len(text) > MAX_QUERY_LENGTH:
            text = text[:MAX_QUERY_LENGTH]
            self.problem(
                format_lazy(
                    _("Searches are limited to {limit} characters; the rest was ignored."),
                    limit=MAX_QUERY_LENGTH,
                )
            )
        # Lone surrogates and control characters could not be shown back.
        text = _UNSAFE.sub(" ", text.encode("utf-8", "replace").decode("utf-8"))
        for match in _CHUNK.finditer(text):
            negated, quoted, word = match.group(1) == "-", match.group(2), match.group(3)
            if quoted is not None:
                self.add(negated, _phrase(tokenize(quoted), f'"{quoted}"'))
            else:
                self.word(negated, word)
        after, before = self.dates.get("after"), self.dates.get("before")
        if after and before and after > before:
            self.problem(_("The after: date is later than the before: date, so nothing can match."))
        return SearchQuery(
            include=tuple(self.include),
            exclude=tuple(self.exclude),
            spaces=tuple(dict.fromkeys(self.lists["in"])),
            authors=tuple(dict.fromkeys(self.lists["by"])),
            tags=tuple(dict.fromkeys(self.lists["tag"])),
            after=after,
            before=before,
            has=frozenset(self.has),
            is_=frozenset(self.is_),
            problems=tuple(self.problems),
        )

    def add(self, negated: bool, clause: Clause | None) -> None:
        if clause is None or (negated, clause) in self.seen:
            return
        if len(self.include) + len(self.exclude) >= MAX_CLAUSES:
            self.problem(
                format_lazy(
                    _("Only the first {limit} words and phrases were searched for."),
                    limit=MAX_CLAUSES,
                )
            )
            return
        self.seen.add((negated, clause))
        (self.exclude if negated else self.include).append(clause)

    def word(self, negated: bool, word: str) -> None:
        if (found := _FILTER.fullmatch(word)) and (
            found.group(1).lower() in FILTER_KEYS or (found.group(2) and "//" not in word)
        ):
            self.filter(negated, found.group(1).lower(), found.group(2))
        elif word.endswith("*"):
            self.add(negated, self.prefix(word))
        else:
            self.add(negated, _words(word))

    def prefix(self, word: str) -> Clause | None:
        folded = fold("".join(tokenize(word)))
        if not folded or len(folded) > MAX_TOKEN_LENGTH:
            return None
        if len(folded) < MIN_PREFIX_LENGTH:
            self.problem(
                format_lazy(
                    _("A search for the beginning of a word needs at least {count} letters."),
                    count=MIN_PREFIX_LENGTH,
                )
            )
            return _words(word.rstrip("*"))
        # The stems too: "happy*" must find "happy", which English indexes as "happi".
        variants = tuple(dict.fromkeys((folded, *query_variants(folded))))
        return Term(variants=variants, prefix=True, raw=word)

    def filter(self, negated: bool, key: str, value: str) -> None:
        if not value:
            return  # "by:" alone: nothing to filter by
        handler = self._FILTERS.get(key)
        if handler is None:
            self.problem(
                format_lazy(
                    _(
                        "There is no filter “{name}:”. Filters are in:, by:, tag:, after:, "
                        "before:, has: and is:."
                    ),
                    name=_echo(key),
                )
            )
        elif negated:
            self.problem(
                format_lazy(_("Filters cannot be excluded: “-{name}:” was ignored."), name=key)
            )
        else:
            handler(self, key, value)

    def list_filter(self, key: str, value: str) -> None:
        value = value.lstrip("@") if key == "by" else value.lower()
        if value:
            self.lists[key].append(value)

    def date_filter(self, key: str, value: str) -> None:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError(value)
            self.dates[key] = date.fromisoformat(value)
        except ValueError:
            self.problem(
                format_lazy(
                    _(
                        "“{value}” is not a date: write {key}: dates as YYYY-MM-DD, "
                        "e.g. 2024-03-31."
                    ),
                    value=_echo(value),
                    key=key,
                )
            )

    def has_filter(self, key: str, value: str) -> None:
        value = value.lower()
        if value in HAS_VALUES:
            self.has.add(value)
        else:
            self.problem(
                format_lazy(
                    _("“has:{value}” is not known. You can search for has:image."),
                    value=_echo(value),
                )
            )

    def is_filter(self, key: str, value: str) -> None:
        value = value.lower()
        if value in IS_VALUES:
            self.is_.add(value)
        else:
            self.problem(
                format_lazy(
                    _("“is:{value}” is not known. You can search for is:solved."),
                    value=_echo(value),
                )
            )

    _FILTERS: dict[str, Callable[["_Parser", str, str], None]] = {
        "in": list_filter,
        "by": list_filter,
        "tag": list_filter,
        "after": date_filter,
        "before": date_filter,
        "has": has_filter,
        "is": is_filter,
    }


def _phrase(words: list[str], raw: str, *, joined: bool = False) -> Phrase | None:
    german, english = [], []
    for word in words:
        variants = query_variants(word)
        if not variants:
            continue
        german.append(variants[0])
        english.append(variants[-1])
    if not german:
        return None
    alternatives = [tuple(german), tuple(english)]
    if joined:  # Fahrrad-Helm also finds Fahrradhelm
        alternatives.extend((variant,) for variant in query_variants("".join(words)))
    return Phrase(alternatives=tuple(dict.fromkeys(alternatives)), raw=raw)


def _words(word: str) -> Clause | None:
    words = tokenize(word)
    if len(words) == 1:
        variants = query_variants(words[0])
        return Term(variants=variants, prefix=False, raw=word) if variants else None
    hyphenated = "".join("-" if char in HYPHENS else char for char in word) == "-".join(words)
    return _phrase(words, word, joined=hyphenated)


def parse_query(text: str) -> SearchQuery:
    """Parse what a member typed into the search box; never raises."""
    return _Parser().parse(text)


def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts5_clause(clause: Clause) -> str:
    if isinstance(clause, Term):
        if clause.prefix:
            matches = " OR ".join(f"{_fts5_string(variant)} *" for variant in clause.variants)
        else:
            matches = " OR ".join(map(_fts5_string, clause.variants))
        return f"{{{FTS5_TEXT_COLUMNS} {FTS5_PARTS_COLUMN}}} : ({matches})"
    phrases = " OR ".join(
        " + ".join(map(_fts5_string, alternative)) for alternative in clause.alternatives
    )
    return f"{{{FTS5_TEXT_COLUMNS}}} : ({phrases})"


def compile_fts5(query: SearchQuery) -> str | None:
    """Return the FTS5 MATCH expression for the query's words, or None if it has none to find.

    For a table `fts5(title, body, parts)` holding analyzed tokens.
    """
    if not query.include:
        return None
    expression = " AND ".join(f"({_fts5_clause(clause)})" for clause in query.include)
    for clause in query.exclude:
        expression = f"({expression}) NOT ({_fts5_clause(clause)})"
    return expression


def _lexeme(token: str, suffix: str = "") -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def _tsquery_clause(clause: Clause) -> str:
    if isinstance(clause, Term):
        suffix = ":*" if clause.prefix else ""
        return "(" + " | ".join(_lexeme(variant, suffix) for variant in clause.variants) + ")"
    # Weights A and B are title and body: a phrase never matches across compound parts (C).
    phrases = (
        " <-> ".join(_lexeme(token, ":AB") for token in alternative)
        for alternative in clause.alternatives
    )
    return "(" + " | ".join(f"({phrase})" for phrase in phrases) + ")"


def compile_tsquery(query: SearchQuery) -> str | None:
    """Return the text for `to_tsquery('simple', ...)` for the query's words, or None if none.

    For `setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple',
    body), 'B') || setweight(to_tsvector('simple', parts), 'C')` of analyzed tokens.
    """
    if not query.include:
        return None
    included = " & ".join(map(_tsquery_clause, query.include))
    excluded = "".join(f" & !{_tsquery_clause(clause)}" for clause in query.exclude)
    return included + excluded
