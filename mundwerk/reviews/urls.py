from django.urls import path

from mundwerk.reviews import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.subject_list, name="subjects"),
    path("reviews/new/", views.edit_subject, name="new_subject"),
    path("reviews/r/<int:review_id>/", views.review_detail, name="review"),
    path("reviews/r/<int:review_id>/edit/", views.edit_review, name="edit"),
    path("reviews/r/<int:review_id>/delete/", views.delete_review, name="delete"),
    path("reviews/r/<int:review_id>/history/", views.review_history, name="history"),
    path("reviews/r/<int:review_id>/helpful/", views.toggle_helpful, name="helpful"),
    path("reviews/r/<int:review_id>/answer/", views.reply_to_review, name="answer"),
    path("reviews/<slug:slug>/", views.subject_detail, name="subject"),
    path("reviews/<slug:slug>/edit/", views.edit_subject, name="edit_subject"),
    path("reviews/<slug:slug>/write/", views.write_review, name="write"),
]
