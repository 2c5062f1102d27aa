from django.http import HttpRequest


def page_number(request: HttpRequest) -> int:
    """Read ?page= leniently: anything that is not a sensible page number means page 1."""
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


def page_window(current: int, last: int, around: int = 2) -> list[int | None]:
    """Return the page numbers to link: first, last and a few around the current one.

    None marks a gap. A topic with thousands of posts has hundreds of pages;
    linking every one made the page heavy to read and to render.
    """
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    window: list[int | None] = []
    previous = 0
    for number in shown:
        if number - previous == 2:
            window.append(previous + 1)  # a gap of one page shows that page, not "…"
        elif previous and number - previous > 2:
            window.append(None)
        window.append(number)
        previous = number
    return window
