from html import unescape

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.filter
def plain_text(html: str) -> str:
    """Turn sanitized HTML into the text a reader sees, for meta tags and previews.

    The result is unescaped plain text, so autoescaping escapes it exactly once;
    `striptags` alone would leave entities that then get escaped a second time.
    """
    return " ".join(unescape(strip_tags(html)).split())
