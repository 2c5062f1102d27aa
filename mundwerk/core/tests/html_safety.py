"""Find markup in rendered HTML that a browser would run (for tests)."""

from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "svg",
    "math",
    "object",
    "embed",
    "style",
    "form",
    "base",
    "meta",
    "link",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            compact = "".join((value or "").split()).lower()
            if name in {"href", "src", "action"} and compact.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"{tag}[{name}={value}]")


def live_markup(html: str) -> list[str]:
    """Return every script-capable tag, event handler or script URL in `html`."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
