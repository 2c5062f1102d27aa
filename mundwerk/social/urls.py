from django.urls import path

from mundwerk.social import views

app_name = "social"
urlpatterns = [
    path("u/<str:username>/follow/", views.follow_member, name="follow_member"),
    path("u/<str:username>/block/", views.block_member, name="block_member"),
    path("u/<str:username>/mute/", views.mute_member, name="mute_member"),
    path("u/<str:username>/followers/", views.followers, name="followers"),
    path("u/<str:username>/following/", views.following, name="following"),
    path("s/<slug:slug>/follow/", views.follow_space, name="follow_space"),
    path("s/<slug:slug>/mute/", views.mute_space, name="mute_space"),
    path("tags/<str:name>/follow/", views.follow_tag, name="follow_tag"),
    path("tags/<str:name>/mute/", views.mute_tag, name="mute_tag"),
    path("t/<int:topic_id>/notifications/", views.topic_level, name="topic_level"),
    path("p/<int:post_id>/bookmark/", views.bookmark, name="bookmark"),
    path("p/<int:post_id>/share/", views.share, name="share"),
    path("bookmarks/", views.bookmark_list, name="bookmarks"),
    path("settings/connections/", views.connections_settings, name="connections"),
]
