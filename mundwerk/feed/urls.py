from django.urls import path

from mundwerk.feed import views

app_name = "feed"
urlpatterns = [
    path("feed/", views.for_you, name="for_you"),
    path("feed/latest/", views.latest, name="latest"),
    path("popular/", views.popular, name="popular"),
]
