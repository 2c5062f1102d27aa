"""Markdown to safe HTML, rendered once when a text is written.

CommonMark through markdown-it-py with raw HTML off, then nh3 as a second,
independent line of defence. `@name` becomes a profile link when the member
exists, `#tag` a tag link. Images from other hosts become plain links, so no
page ever makes a request to a third party.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MENTION_RE = re.compile(r"(?<![\w@/.+-])@([A-Za-z0-9_][A-Za-z0-9_.-]{1,29})")
TAG_RE = re.compile(r"(?<![\w&#/])#([^\W\d_][\w-]{0,49})")
MAX_TAGS = 10
TAG_MAX_LENGTH = 50

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "class"},
    "img": {"src", "alt", "title", "loading"},
    "ol": {"start"},
    "code": {"class"},
}


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def normalise_tag(name: str) -> str:
    return name.strip("-_").lower()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def _render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if not _is_local(str(token.attrGet("href") or "")):
        token.attrSet("rel", "nofollow ugc noopener")
    return self.renderToken(tokens, idx, options, env)


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if _is_local(src):
        token.attrSet("alt", alt)
        token.attrSet("loading", "lazy")
        return self.renderToken(tokens, idx, options, env)
    # A picture from another host would leak every reader's IP address there.
    escaped_src = src.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    text = (alt or src).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<a href="{escaped_src}" rel="nofollow ugc noopener">{text}</a>'


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": True})
    md.enable(["table", "strikethrough", "linkify"])
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)
    # markdown-it-py documents replacing this method to change which links are allowed.
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def _validate_link(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in {"", "http", "https", "mailto"}


_md = _build_parser()


def _text_tokens_outside_links(tokens: Iterable[Token]) -> Iterable[tuple[list[Token], int]]:
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        depth = 0
        for index, child in enumerate(block.children):
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "text" and depth == 0:
                yield block.children, index


def _link_tokens(href: str, css_class: str, text: str) -> list[Token]:
    opening = Token("link_open", "a", 1, attrs={"href": href, "class": css_class})
    return [opening, Token("text", "", 0, content=text), Token("link_close", "a", -1)]


def _split_text(
    content: str,
    known_users: dict[str, str],
    mention_url: Callable[[str], str],
    tag_url: Callable[[str], str],
    found: Rendered,
) -> list[Token] | None:
    matches: list[tuple[int, int, list[Token]]] = []
    for match in MENTION_RE.finditer(content):
        name = match.group(1).rstrip(".-")
        username = known_users.get(name.lower())
        if username is None:
            continue
        if username not in found.mentions:
            found.mentions.append(username)
        end = match.start() + 1 + len(name)
        matches.append(
            (match.start(), end, _link_tokens(mention_url(username), "mention", "@" + name))
        )
    for match in TAG_RE.finditer(content):
        raw = match.group(1).rstrip("-_")
        tag = normalise_tag(raw)
        # Lower-casing can lengthen a word ("İ" becomes two characters).
        if not tag or len(tag) > TAG_MAX_LENGTH:
            continue
        if tag not in found.tags and len(found.tags) < MAX_TAGS:
            found.tags.append(tag)
        end = match.start() + 1 + len(raw)
        matches.append((match.start(), end, _link_tokens(tag_url(tag), "hashtag", "#" + raw)))
    if not matches:
        return None
    matches.sort(key=lambda item: item[0])
    result: list[Token] = []
    position = 0
    for start, end, link in matches:
        if start < position:
            continue
        if start > position:
            result.append(Token("text", "", 0, content=content[position:start]))
        result.extend(link)
        position = end
    if position < len(content):
        result.append(Token("text", "", 0, content=content[position:]))
    return result


def mention_candidates(source: str) -> set[str]:
    """Return the lower-cased names that `source` might mention, for one lookup."""
    return {m.group(1).rstrip(".-").lower() for m in MENTION_RE.finditer(source)}


def render_markdown(
    source: str,
    *,
    known_users: dict[str, str] | None = None,
    mention_url: Callable[[str], str] = lambda name: f"/u/{quote(name)}/",
    tag_url: Callable[[str], str] = lambda tag: f"/tags/{quote(tag)}/",
) -> Rendered:
    """Render `source` to sanitized HTML and collect its mentions and tags.

    `known_users` maps lower-cased usernames to their spelling; only those
    become mentions.
    """
    found = Rendered(html="")
    env: EnvType = {}
    tokens = _md.parse(source, env)
    for children, index in reversed(list(_text_tokens_outside_links(tokens))):
        replacement = _split_text(
            children[index].content, known_users or {}, mention_url, tag_url, found
        )
        if replacement is not None:
            children[index : index + 1] = replacement
    html = _md.renderer.render(tokens, _md.options, env)
    found.html = sanitize_html(html)
    found.mentions.reverse()
    found.tags.reverse()
    return found


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
