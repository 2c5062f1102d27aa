from django.urls import path

from mundwerk.moderation import views

app_name = "moderation"
KINDS = ("post", "topic", "review", "event", "member", "group")

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/entry/<int:pk>/", views.entry, name="entry"),
    path("moderation/appeal/<int:pk>/answer/", views.answer, name="answer"),
    path("moderation/post/<int:pk>/edit/", views.edit, name="edit"),
    path("moderation/post/<int:pk>/redact/", views.redact, name="redact"),
    path("moderation/topic/<int:pk>/move/", views.move, name="move"),
]
for _kind in KINDS:
    urlpatterns += [
        path(f"flag/{_kind}/<int:pk>/", views.flag, {"kind": _kind}, name=f"flag_{_kind}"),
        path(f"moderation/{_kind}/<int:pk>/", views.case, {"kind": _kind}, name=_kind),
        path(
            f"moderation/{_kind}/<int:pk>/decide/",
            views.decide,
            {"kind": _kind},
            name=f"decide_{_kind}",
        ),
    ]
