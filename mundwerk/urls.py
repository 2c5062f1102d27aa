from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("mundwerk.core.urls")),
    path("", include("mundwerk.spaces.urls")),
    path("", include("mundwerk.posts.urls")),
    path("", include("mundwerk.accounts.urls")),
    path("", include("mundwerk.social.urls")),
    path("", include("mundwerk.notifications.urls")),
    path("", include("mundwerk.events.urls")),
    path("", include("mundwerk.reviews.urls")),
    path("", include("mundwerk.moderation.urls")),
    path("", include("mundwerk.trust.urls")),
    path("", include("mundwerk.feed.urls")),
    path("search/", include("mundwerk.search.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # `mundwerk serve` lets granian serve these; this is for runserver and tests.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

if settings.BENCH_REFERENCE:
    from mundwerk.core.reference import reference_page

    urlpatterns.append(path("bench/reference/<int:topic_id>/", reference_page))

handler400 = "mundwerk.core.views.bad_request"
handler403 = "mundwerk.core.views.permission_denied"
handler404 = "mundwerk.core.views.page_not_found"
handler500 = "mundwerk.core.views.server_error"
