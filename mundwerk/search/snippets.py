"""Show where a post matched: its readable text, cut around the matches, marked up."""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mundwerk.search.analysis import HYPHENS, word_forms, word_spans
from mundwerk.search.syntax import SearchQuery, Term

# Matches further into a long post do not move the snippet: looking for them
# would cost more than showing the start.
SCAN_LIMIT = 20_000
ELLIPSIS = "…"
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|"
    r"footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|"
    r"th|thead|tr|ul)\b)",
    re.IGNORECASE,
)


_ANY_TAG = re.compile(r"<[^>]*>")
# Never in stored HTML (nh3 removes them), dropped with their content all the same.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)


def plain_text(html_text: str) -> str:
    """Return the readable text of a post's stored HTML, one line per block.

    The stored HTML is nh3's sanitized output (no scripts, no comments, every
    attribute quoted), so dropping tags is enough; a second sanitizer pass
    cost ten times as much while reindexing.
    """
    separated = _BLOCK_TAG.sub("\n<", _SCRIPT_OR_STYLE.sub("", html_text))
    text = html.unescape(_ANY_TAG.sub("", separated))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class _Matcher:
    tokens: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def for_query(cls, query: SearchQuery) -> "_Matcher":
        tokens: set[str] = set()
        prefixes: list[str] = []
        for clause in query.include:
            if isinstance(clause, Term) and clause.prefix:
                prefixes.extend(clause.variants)
            elif isinstance(clause, Term):
                tokens.update(clause.variants)
            else:
                for alternative in clause.alternatives:
                    tokens.update(alternative)
        return cls(frozenset(tokens), tuple(prefixes))

    def matches(self, word: str) -> bool:
        forms = word_forms(word)
        if not forms.isdisjoint(self.tokens):
            return True
        return any(form.startswith(self.prefixes) for form in forms) if self.prefixes else False


def _marked_words(text: str, matcher: _Matcher) -> tuple[list[tuple[int, int]], list[bool]]:
    spans = list(word_spans(text[:SCAN_LIMIT]))
    marked = [matcher.matches(text[start:end]) for start, end in spans]
    first = 0
    while first < len(spans):
        last = first  # words joined by single hyphens also match as one: Fahrrad-Helm
        while (
            last + 1 < len(spans)
            and spans[last + 1][0] == spans[last][1] + 1
            and text[spans[last][1]] in HYPHENS
        ):
            last += 1
        if last > first and matcher.matches("".join(text[s:e] for s, e in spans[first : last + 1])):
            marked[first : last + 1] = [True] * (last + 1 - first)
        first = last + 1
    return spans, marked


def _window(spans: list[tuple[int, int]], marked: list[bool], length: int) -> int:
    """Return where the window of `length` characters with the most marked words starts."""
    hits = [index for index, hit in enumerate(marked) if hit]
    if not hits:
        return 0
    best, best_last, best_count = hits[0], hits[0], 0
    right = 0
    for left, first in enumerate(hits):  # the best window can always start at a marked word
        right = max(right, left)
        while right < len(hits) and spans[hits[right]][1] <= spans[first][0] + length:
            right += 1
        if right - left > best_count:
            best, best_last, best_count = first, hits[right - 1], right - left
    start = spans[best][0]
    # Show some words before the first match: up to half of the room left over.
    room = max(0, length - (spans[best_last][1] - start)) // 2
    return next((s for s, _ in spans[:best] if s >= start - room), start)


def _render(
    text: str, spans: list[tuple[int, int]], marked: list[bool], start: int, end: int
) -> str:
    pieces: list[str] = []
    position = start
    for (word_start, word_end), hit in zip(spans, marked, strict=True):
        if word_start < start or word_end > end:
            continue
        if hit:
            pieces.append(escape(text[position:word_start]))
            pieces.append(f"<mark>{escape(text[word_start:word_end])}</mark>")
            position = word_end
    pieces.append(escape(text[position:end]))
    return "".join(pieces)


def highlight(text: str, query: SearchQuery, *, length: int = 240) -> SafeString:
    """Return escaped HTML of about `length` characters of `text` around most matches, marked."""
    spans, marked = _marked_words(text, _Matcher.for_query(query))
    if len(text) <= length:
        return mark_safe(_render(text, spans, marked, 0, len(text)))  # noqa: S308 (escaped)
    start = _window(spans, marked, length)
    if start + length >= len(text):  # near the end: show the full length up to it
        start = next((s for s, _ in spans if s >= len(text) - length), start)
    end = start + length
    if end >= len(text):
        end = len(text)
    elif ends := [word_end for word_start, word_end in spans if start < word_end <= end]:
        end = ends[-1]  # on a word boundary, unless one word fills the window
    snippet = _render(text, spans, marked, start, end).strip()
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    return mark_safe(before + snippet + after)  # noqa: S308 (escaped)


def highlight_title(text: str, query: SearchQuery) -> SafeString:
    """Return escaped HTML of the whole of `text` with its matching words marked."""
    spans, marked = _marked_words(text, _Matcher.for_query(query))
    return mark_safe(_render(text, spans, marked, 0, len(text)))  # noqa: S308 (escaped)
