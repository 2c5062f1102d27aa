"""Stars as glyphs; templates always pair them with words ("4 of 5 stars")."""

from django import template

from mundwerk.reviews.models import MAX_STARS, MIN_STARS

register = template.Library()


@register.filter
def star_glyphs(value: float | int | None) -> str:
    """Return "★★★★☆" for 4 (an average rounds to the nearest whole star)."""
    try:
        filled = int(float(value or 0) + 0.5)
    except (TypeError, ValueError):
        filled = 0
    filled = max(0, min(MAX_STARS, filled)) if filled >= MIN_STARS else 0
    return "★" * filled + "☆" * (MAX_STARS - filled)
