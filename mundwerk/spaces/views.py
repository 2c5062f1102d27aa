from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.core.frames import render_page
from mundwerk.core.pagination import page_number
from mundwerk.posts import queries
from mundwerk.posts.permissions import can_create_topic
from mundwerk.social.queries import interest_in
from mundwerk.spaces.models import Space


@cache_for_anonymous
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    version = queries.activity_version()
    return render_page(
        request,
        "spaces/home.html",
        {
            # Called by the template only when its cached fragment is out of date.
            "spaces": queries.space_overview,
            "latest_topics": queries.latest_topics,
            "version": version,
        },
        frame_key=(version,),
    )


@cache_for_anonymous
@require_safe
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    number = page_number(request)
    page = queries.space_topics(space, number)
    if number > 1 and number > page.paginator.num_pages:
        raise Http404
    allowed = can_create_topic(request.user, space)
    version = queries.activity_version(space)
    interest = interest_in(request.user, space=space)
    return render_page(
        request,
        "spaces/space.html",
        {
            "space": space,
            "page": page,
            "can_create_topic": allowed,
            "version": version,
            "interest": interest,
        },
        frame_key=(
            space.pk,
            space.name,
            space.slug,
            space.description,
            number,
            version,
            allowed,
            interest,
        ),
    )
