from django.urls import path

from mundwerk.posts import views

app_name = "posts"
urlpatterns = [
    path("s/<slug:space_slug>/new/", views.new_topic, name="new_topic"),
    path("t/<str:slug>/<int:topic_id>/", views.topic_detail, name="topic"),
    path("t/<int:topic_id>/title/", views.retitle_topic, name="retitle"),
    path("p/<int:post_id>/", views.post_permalink, name="permalink"),
    path("p/<int:post_id>/quote/", views.reply_with_quote, name="quote"),
    path("p/<int:post_id>/edit/", views.edit_post, name="edit"),
    path("p/<int:post_id>/delete/", views.delete_post, name="delete"),
    path("p/<int:post_id>/like/", views.toggle_like, name="like"),
    path("p/<int:post_id>/history/", views.post_history, name="history"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<str:name>/", views.tag_detail, name="tag"),
]
