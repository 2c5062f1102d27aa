"""German and English Markdown for the benchmark: blocks rendered once, bodies assembled.

Rendering a million bodies one by one takes far too long, so each language
gets a pool of Markdown blocks (paragraphs, lists, quotes, headings, code),
each rendered once by the site's own renderer. A body is blocks joined by a
blank line, and its HTML is their HTML joined: CommonMark renders blocks
separated by a blank line independently, as long as two lists never touch
(they would merge into one). Mentions and tags are placeholders in the pool
and are swapped for real names in body and HTML alike. The writer compares
samples with a real rendering as it goes, and the tests do too.
"""

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from bench import data_english, data_german
from bench import vocabulary as v
from mundwerk.core.markdown import TAG_RE, normalise_tag, render_markdown

MENTION_SLOTS = ("mentionslotqa", "mentionslotqb")
TAG_SLOTS = ("tagslotqa", "tagslotqb", "tagslotqc")
PLACEHOLDER_USERS = {slot: slot for slot in MENTION_SLOTS}
FIELD_RE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Block:
    body: str
    html: str
    is_list: bool
    mentions: tuple[int, ...]  # indexes into MENTION_SLOTS
    tags: tuple[int, ...]  # indexes into TAG_SLOTS


@dataclass(frozen=True, slots=True)
class TagName:
    name: str  # normalised, as stored in Tag.name
    raw: str  # as written after the '#'
    quoted: str  # as it appears in the tag's URL


@dataclass(frozen=True)
class Assembled:
    body: str
    html: str
    mentions: frozenset[int]
    tags: frozenset[int]


class Grammar:
    """Sentences, blocks and titles of one language, from the vocabulary."""

    def __init__(self, english: bool, rng: random.Random) -> None:
        self.rng = rng
        words = data_english if english else data_german
        self.fields: dict[str, tuple[str, ...]] = {
            "subject": words.SUBJECTS,
            "predicate": words.PREDICATES,
            "thing": words.THINGS,
            "dative": words.DATIVES,
            "participle": words.PARTICIPLES,
            "when": words.WHEN,
            "quality": words.QUALITIES,
            "imperative": words.IMPERATIVES,
            "wh": words.WH,
            "place": words.PLACES,
            "remark": words.REMARKS,
            "link": words.LINKS,
            "code": v.CODE_SNIPPETS,
        }
        self.patterns = words.PATTERNS
        self.decorated = words.DECORATED
        self.mention_sentences = words.MENTION_SENTENCES
        self.mention_openers = words.MENTION_OPENERS
        self.greetings = words.OPENERS
        self.list_items = words.LIST_ITEMS
        self.headings = words.HEADINGS
        self.edit_prefixes = words.EDIT_PREFIXES
        self.titles = words.TITLES
        self.bios = words.BIOS
        self.solved = words.SOLVED
        self.quote_header = words.QUOTE_HEADER

    def fill(self, pattern: str, mention: int = 0) -> str:
        def value(match: re.Match[str]) -> str:
            field = match.group(1)
            key = field.lower()
            if key == "sentence":
                text = self.sentence()
            elif key == "url":
                text = self.url()
            elif key == "mention":
                text = "@" + MENTION_SLOTS[mention]
            elif key == "years":
                text = str(self.rng.randint(2, 25))
            else:
                text = self.rng.choice(self.fields[key])
            return text[0].upper() + text[1:] if field[0].isupper() else text

        return FIELD_RE.sub(value, pattern)

    def url(self) -> str:
        path = self.rng.choice(v.URL_PATHS)
        return f"https://example.org/{path}{self.rng.choice(v.URL_QUERIES)}"

    def sentence(self) -> str:
        return self.fill(self.rng.choice(self.patterns))

    def paragraph(self) -> str:
        rng = self.rng
        sentences = [self.sentence() for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))]
        if rng.random() < 0.35:
            decorated = self.fill(rng.choice(self.decorated))
            sentences.insert(rng.randrange(len(sentences) + 1), decorated)
        if rng.random() < 0.1:
            mention = rng.randrange(len(MENTION_SLOTS))
            sentences.append(self.fill(rng.choice(self.mention_sentences), mention))
        text = " ".join(sentences)
        if rng.random() < 0.1:
            text += " #" + rng.choice(TAG_SLOTS)
        return text

    def list_block(self, ordered: bool) -> str:
        rng = self.rng
        items = rng.sample(self.list_items, rng.randint(2, 5))
        marker = rng.choice("-*")
        lines = []
        for number, item in enumerate(items, start=1):
            text = item[0].upper() + item[1:] if rng.random() < 0.5 else item
            if rng.random() < 0.1:
                text = f"**{text}**"
            elif rng.random() < 0.08:
                text += f" (`{rng.choice(v.CODE_SNIPPETS)}`)"
            lines.append(f"{number}. {text}" if ordered else f"{marker} {text}")
        return "\n".join(lines)

    def block(self) -> tuple[str, bool]:
        """Return a Markdown block and whether it is a list."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.64:
            return self.paragraph(), False
        if roll < 0.74:
            return self.list_block(ordered=False), True
        if roll < 0.79:
            return self.list_block(ordered=True), True
        if roll < 0.89:
            quoted = " ".join(self.sentence() for _ in range(rng.randint(1, 2)))
            return "> " + quoted, False
        if roll < 0.93:
            return rng.choice(("## ", "### ")) + rng.choice(self.headings), False
        if roll < 0.96:
            return rng.choice(v.CODE_BLOCKS), False
        return self.fill(rng.choice(self.decorated)), False

    def addition(self) -> str:
        """An edit's note appended to a post."""
        text = f"{self.rng.choice(self.edit_prefixes)} {self.sentence()}"
        if self.rng.random() < 0.2:
            text += " #" + TAG_SLOTS[2]
        return text

    def title(self) -> str:
        text = self.fill(self.rng.choice(self.titles))
        return (text[0].upper() + text[1:])[:150]


def render_block(body: str, is_list: bool) -> Block | None:
    """Render a pool block once; None when a placeholder would not render as a link."""
    rendered = render_markdown(body, known_users=PLACEHOLDER_USERS)
    html = rendered.html
    mentions, tags = [], []
    for index, slot in enumerate(MENTION_SLOTS):
        if slot in body:
            # Linked where written: the URL and the link text, nowhere else.
            if html.count(slot) != 2 * body.count(slot):
                return None
            mentions.append(index)
    for index, slot in enumerate(TAG_SLOTS):
        if slot in body:
            if html.count(slot) != 2 * body.count(slot):
                return None
            tags.append(index)
    if set(rendered.mentions) - set(MENTION_SLOTS) or set(rendered.tags) - set(TAG_SLOTS):
        return None
    return Block(body, html, is_list, tuple(mentions), tuple(tags))


class LanguagePool:
    """The rendered blocks of one language."""

    def __init__(self, english: bool, size: int, rng: random.Random) -> None:
        self.grammar = Grammar(english, rng)
        grammar = self.grammar
        self.blocks = self._render(size, grammar.block)
        self.plain = [block for block in self.blocks if not block.is_list]
        self.greetings = self._render_all([(text, False) for text in grammar.greetings])
        self.mention_openers = self._render_all(
            [(grammar.fill(text, 0), False) for text in grammar.mention_openers]
        )
        a, b, c = ("#" + slot for slot in TAG_SLOTS)
        tag_lines = [a, f"{a} {b}", f"{a} {b} {c}", f"Tags: {a}, {b}", f"{a}, {b}"]
        self.tag_lines = self._render_all([(text, False) for text in tag_lines])
        self.additions = self._render(max(20, size // 10), lambda: (grammar.addition(), False))

    @staticmethod
    def _render_all(texts: Sequence[tuple[str, bool]]) -> list[Block]:
        blocks = [render_block(text, is_list) for text, is_list in texts]
        if any(block is None for block in blocks):
            raise RuntimeError("a fixed benchmark text does not render as expected")
        return [block for block in blocks if block is not None]

    @staticmethod
    def _render(size: int, make: Callable[[], tuple[str, bool]]) -> list[Block]:
        blocks: list[Block] = []
        while len(blocks) < size:
            block = render_block(*make())
            if block is not None:
                blocks.append(block)
        return blocks

    def compose(self, rng: random.Random, *, first: bool) -> list[Block]:
        """Pick the blocks of one post: openers, paragraphs, lists, maybe a line of tags."""
        blocks: list[Block] = []
        if first:
            count = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
            if rng.random() < 0.3:
                blocks.append(rng.choice(self.greetings))
        else:
            count = rng.choice((1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5))
            if rng.random() < 0.15:
                blocks.append(rng.choice(self.mention_openers))
        for _ in range(count):
            block = rng.choice(self.blocks)
            if block.is_list and blocks and blocks[-1].is_list:
                block = rng.choice(self.plain)
            blocks.append(block)
        if rng.random() < (0.5 if first else 0.04):
            blocks.append(rng.choice(self.tag_lines))
        return blocks


def assemble(
    blocks: Sequence[Block], mentions: Sequence[str], tags: Sequence[TagName]
) -> Assembled:
    """Join blocks into a body and its HTML, with real names for the placeholders."""
    body = "\n\n".join(block.body for block in blocks)
    html = "".join(block.html for block in blocks)
    used_mentions: set[int] = set()
    used_tags: set[int] = set()
    for block in blocks:
        used_mentions.update(block.mentions)
        used_tags.update(block.tags)
    for index in used_mentions:
        # Usernames need neither HTML escaping nor URL quoting.
        body = body.replace(MENTION_SLOTS[index], mentions[index])
        html = html.replace(MENTION_SLOTS[index], mentions[index])
    for index in used_tags:
        slot, tag = TAG_SLOTS[index], tags[index]
        body = body.replace("#" + slot, "#" + tag.raw)
        html = html.replace(f'"/tags/{slot}/"', f'"/tags/{tag.quoted}/"').replace(
            f">#{slot}<", f">#{tag.raw}<"
        )
    return Assembled(body, html, frozenset(used_mentions), frozenset(used_tags))


class TextPool:
    """Both languages' blocks, the tag names and the bios."""

    def __init__(self, seed: int, blocks_per_language: int, tag_count: int) -> None:
        rng = random.Random(seed * 7919 + 2)
        self.rng = rng
        self.german = LanguagePool(False, blocks_per_language, rng)
        self.english = LanguagePool(True, blocks_per_language, rng)
        self.tag_names = make_tag_names(rng, tag_count)
        self.bios = [
            (bio, render_markdown(bio).html)
            for pool in (self.german, self.english)
            for bio in (pool.grammar.fill(text) for text in pool.grammar.bios * 5)
        ]

    def language(self, english: bool) -> LanguagePool:
        return self.english if english else self.german


def make_tag_names(rng: random.Random, count: int) -> list[str]:
    """A few hundred distinct tag names, the most popular first."""
    names = list(dict.fromkeys(v.TAG_WORDS))
    rng.shuffle(names)
    while len(names) < count:
        name = f"{rng.choice(v.TAG_WORDS)}{rng.choice(v.TAG_SUFFIXES)}"
        if name not in names:
            names.append(name)
    names = names[:count]
    for name in names:
        match = TAG_RE.fullmatch("#" + name)
        if match is None or normalise_tag(name) != name or len(name) > 50:
            raise ValueError(f"not a tag name: {name!r}")
    return names


def tag_spelling(name: str, capitalised: bool) -> TagName:
    raw = name[0].upper() + name[1:] if capitalised else name
    return TagName(name=name, raw=raw, quoted=quote(name))
