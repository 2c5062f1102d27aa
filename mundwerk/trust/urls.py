from django.urls import path

from mundwerk.trust import views

app_name = "trust"
urlpatterns = [
    path("staff/co-moderators/", views.suggested_moderators, name="suggested_moderators"),
    path(
        "staff/co-moderators/<int:space_id>/<int:member_id>/invite/",
        views.invite_moderator,
        name="invite_moderator",
    ),
    path(
        "moderator-invitations/<int:invitation_id>/",
        views.moderator_invitation,
        name="moderator_invitation",
    ),
]
