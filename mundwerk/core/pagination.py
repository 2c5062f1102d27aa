from django.http import HttpRequest


def page_number(request: HttpRequest) -> int:
    """Read ?page= leniently: anything that is not a sensible page number means page 1."""
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1
