"""The benchmark's reference page: what bare Django does on this machine in the same run.

One indexed query for 20 rows, rendered with a template of about a topic
page's size, no middleware work of ours beyond what every page pays. Only
mounted when MUNDWERK_BENCH_REFERENCE is on.
"""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from mundwerk.posts.models import Post


@require_safe
def reference_page(request: HttpRequest, topic_id: int) -> HttpResponse:
    rows = list(
        Post.objects.filter(topic_id=topic_id, number__lte=20)
        .order_by("number")
        .values("number", "html", "created_at", "like_count")
    )
    # No request in the context: no context processors, as in a bare Django view.
    return HttpResponse(render_to_string("core/reference.html", {"rows": rows}))
