from django import template

from mundwerk.live.links import events_url as resolve_events_url

register = template.Library()


@register.simple_tag(takes_context=True)
def events_url(context: template.Context) -> str:
    """Return the stream's address: a frame's marker when rendering a frame, else the real one.

    The address follows the Host header, which a frame shared by every reader
    must not hold, so core.frames puts `events_url` (a marker) in the context
    and fills it per request.
    """
    if "events_url" in context:
        return str(context["events_url"])
    request = context.get("request")
    return resolve_events_url(request) if request is not None else ""
