"""What the search benchmarks search for: realistic queries, picked from the dataset.

Three kinds, as issue 7 names the scenarios:

- `simple`: what a member types into the search box: nouns (and a few
  verbs) of the generator's German and English vocabulary, one or two words,
  some of them inflected or compounds, so stemming and compound parts are
  exercised;
- `frequent`: the words most posts contain, counted in a sample of posts
  spread over the whole dataset (on this corpus: "und", "the", "ich", ...),
  the worst case for ranking, alone and in the pairs most posts hold together;
- `filtered`: a word with `in:<space slug>`, `by:<username>`, `tag:<tag>` or
  `after:<date>`, naming spaces, members and tags of the dataset, and two
  searches with filters only (newest first, no words).

`pick(viewer)` reads what it needs from the database the settings point at
(SQLite or PostgreSQL) and returns the same queries for the same data.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations
from typing import Any

# Checked by bench/tests/test_search.py: every word occurs in the
# generator's vocabulary (bench.data_german, bench.data_english).
SIMPLE = (
    "Kette",
    "Akku",
    "Schaltung",
    "Lieferung",
    "Tretlager",
    "Federgabel",
    "Bremsbeläge",
    "Gutschein",
    "Ladegerät",
    "Drehmomentschlüssel",
    "battery",
    "delivery",
    "printer",
    "saddle",
    "helmet",
    "invoice",
    "Akku Ladegerät",
    "Kette quietscht",
    "Lieferung Rechnung",
    "Router Firmware",
    "brake pads",
    "rear light",
    "battery charger",
    "bike computer",
)
# The word each filtered search looks for, beside its filter.
FILTER_WORDS = ("Kette", "battery", "Lieferung", "Akku", "router", "Schaltung")
FREQUENT_WORDS = 12
FREQUENT_PAIRS = 4
SAMPLE_POSTS = 2000
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Queries:
    simple: tuple[str, ...]
    frequent: tuple[str, ...]
    filtered: tuple[str, ...]

    def all(self) -> tuple[str, ...]:
        return self.simple + self.frequent + self.filtered


def spread(ids: list[int], count: int) -> list[int]:
    """Pick `count` ids evenly spread over `ids`."""
    if len(ids) <= count:
        return ids
    step = len(ids) / count
    return [ids[int(index * step)] for index in range(count)]


def _words_of(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def common_words(texts: list[str], count: int) -> list[str]:
    """The `count` words that most of `texts` contain (lower case), most common first."""
    found: Counter[str] = Counter()
    for text in texts:
        found.update(_words_of(text))
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:count]]


def frequent(texts: list[str]) -> tuple[str, ...]:
    """The most common words alone, then the pairs of them most texts contain together."""
    words = common_words(texts, FREQUENT_WORDS)
    together: Counter[tuple[str, str]] = Counter()
    for text in texts:
        present = [word for word in words if word in _words_of(text)]
        together.update(combinations(present, 2))
    ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))
    pairs: list[str] = []
    used: set[str] = set()
    for (first, second), _ in ranked:
        if len(pairs) < FREQUENT_PAIRS and not {first, second} & used:
            pairs.append(f"{first} {second}")
            used.update((first, second))
    return (*words, *pairs)


def filtered(spaces: list[str], authors: list[str], tags: list[str], after: str) -> tuple[str, ...]:
    """Each filter with a word, rotating over what the dataset offers, plus filters alone."""
    found: list[str] = []
    words = FILTER_WORDS
    for index, word in enumerate(words):
        found.append(f"{word} in:{spaces[index % len(spaces)]}")
        found.append(f"{word} by:{authors[index % len(authors)]}")
        found.append(f"tag:{tags[index % len(tags)]} {word}")
        found.append(f"{word} after:{after}")
    found.append(f"{words[0]} in:{spaces[0]} after:{after}")
    found.append(f"tag:{tags[0]}")
    found.append(f"by:{authors[0]}")
    return tuple(found)


def sample_texts() -> list[str]:
    """Title and body of SAMPLE_POSTS posts spread over the whole dataset."""
    from django.db.models import Max, Min

    from mundwerk.posts.models import Post

    bounds = Post.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    # Evenly over the id range (reading every id of a million posts takes seconds).
    chosen = spread(list(range(bounds["low"], bounds["high"] + 1)), SAMPLE_POSTS)
    rows = Post.objects.filter(pk__in=chosen).values_list("body", "topic__title", "number")
    return [f"{title}\n{body}" if number == 1 else body for body, title, number in rows]


def pick(viewer: Any) -> Queries:
    """The queries for the data the settings point at, filters limited to what `viewer` may read."""
    from mundwerk.accounts.models import User
    from mundwerk.posts.models import Post, Tag
    from mundwerk.spaces.models import Space
    from mundwerk.spaces.permissions import unreadable_space_ids

    hidden = unreadable_space_ids(viewer)
    readable = Space.objects.filter(deleted_at__isnull=True).exclude(pk__in=hidden)
    spaces = list(readable.order_by("-topic_count", "pk").values_list("slug", flat=True)[:6])
    writers = User.objects.filter(is_active=True, post_count__gt=0).order_by("-post_count", "pk")
    # The busiest writer and ordinary ones: the 10th, 100th, ... busiest.
    ranked = list(writers.values_list("username", flat=True)[:1001])
    authors = [ranked[index] for index in (0, 10, 100, 1000) if index < len(ranked)]
    tags = list(
        Tag.objects.filter(topic_count__gt=0)
        .order_by("-topic_count", "pk")
        .values_list("name", flat=True)[:6]
    )
    newest = Post.objects.order_by("-pk").values_list("created_at", flat=True).first()
    if not spaces or not authors or not tags or newest is None:
        raise SystemExit("The dataset has no spaces, posts or tags to search for.")
    after = (newest - timedelta(days=30)).date().isoformat()
    return Queries(
        simple=SIMPLE,
        frequent=frequent(sample_texts()),
        filtered=filtered(spaces, authors, tags, after),
    )


def search_paths(queries: Queries) -> list[str]:
    """The search page's URL for every query."""
    from urllib.parse import urlencode

    return [f"/search/?{urlencode({'q': query})}" for query in queries.all()]
