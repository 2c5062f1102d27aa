from django.urls import path

from mundwerk.spaces import invitation_views, membership_views, views

app_name = "spaces"
urlpatterns = [
    path("s/<slug:slug>/", views.space_detail, name="detail"),
    path("groups/", views.directory, name="directory"),
    path("groups/new/", views.new_group, name="new_group"),
    path("s/<slug:slug>/settings/", views.group_settings, name="settings"),
    path("s/<slug:slug>/delete/", views.delete_group, name="delete"),
    path("s/<slug:slug>/join/", membership_views.join, name="join"),
    path("s/<slug:slug>/request/", membership_views.ask, name="ask"),
    path("s/<slug:slug>/leave/", membership_views.leave, name="leave"),
    path("s/<slug:slug>/members/", membership_views.members, name="members"),
    path(
        "s/<slug:slug>/members/<str:username>/",
        membership_views.member_action,
        name="member_action",
    ),
    path("s/<slug:slug>/requests/", membership_views.requests, name="requests"),
    path(
        "s/<slug:slug>/requests/<int:request_id>/",
        membership_views.answer_request,
        name="answer_request",
    ),
    path("s/<slug:slug>/invitations/", invitation_views.invitations, name="invitations"),
    path(
        "s/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        invitation_views.revoke,
        name="revoke_invitation",
    ),
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
]
