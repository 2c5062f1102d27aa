from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from mundwerk.search.queries import MAX_PAGE

# search() cuts the query to its own limit and says so; the form only keeps
# absurd input out of memory and pages, so a long paste still gets an answer.
INPUT_MAX_LENGTH = 10_000
SUGGEST_MIN_LENGTH = 2

KIND_CHOICES = [
    ("", _("All")),
    ("topic", _("Topics")),
    ("post", _("Posts")),
    ("member", _("Members")),
    ("space", _("Spaces and groups")),
    ("tag", _("Tags")),
    ("event", _("Events")),
    ("review", _("Reviews")),
]
SORT_CHOICES = [("relevance", _("Relevance")), ("newest", _("Newest"))]
DEFAULT_SORT = "relevance"


@dataclass(frozen=True)
class SearchRequest:
    """One search as the address asked for it, with defaults for what it got wrong."""

    text: str
    kind: str | None
    sort: str
    page: int


def search_query(
    text: str, kind: str | None = None, sort: str = DEFAULT_SORT, page: int = 1
) -> str:
    """Return the query string of a search, leaving out defaults so links stay short."""
    parameters: dict[str, str | int] = {"q": text}
    if kind:
        parameters["kind"] = kind
    if sort != DEFAULT_SORT:
        parameters["sort"] = sort
    if page > 1:
        parameters["page"] = page
    return "?" + urlencode(parameters)


class SearchForm(forms.Form):
    """The search page's GET form; it never refuses a search over a bad filter or page."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        choices=KIND_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("There is no such kind of result; showing all.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": _("There is no such order; sorting by relevance instead.")
        },
    )
    # Not a field people fill in: pagination links set it, and a new search starts at 1.
    page = forms.CharField(required=False)

    def clean_q(self) -> str:
        return str(self.cleaned_data["q"])[:INPUT_MAX_LENGTH]

    def clean_page(self) -> int:
        raw = str(self.cleaned_data["page"])
        if raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_PAGE)):
            number = int(raw)
            if 1 <= number <= MAX_PAGE:
                return number
        return 1

    def search_request(self) -> SearchRequest:
        """Return the search to run: valid values as given, defaults for the others."""
        self.is_valid()
        data = self.cleaned_data
        return SearchRequest(
            text=data.get("q", ""),
            kind=data.get("kind") or None,
            sort=data.get("sort") or DEFAULT_SORT,
            page=data.get("page", 1),
        )


class SuggestForm(forms.Form):
    q = forms.CharField(required=False)

    def text(self) -> str:
        """Return the text to suggest for, or "" when it is too short or not usable."""
        if not self.is_valid():
            return ""
        text = str(self.cleaned_data["q"])[:INPUT_MAX_LENGTH]
        return text if len(text) >= SUGGEST_MIN_LENGTH else ""
