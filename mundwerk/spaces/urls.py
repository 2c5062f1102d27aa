from django.urls import path

from mundwerk.spaces import views

app_name = "spaces"
urlpatterns = [
    path("s/<slug:slug>/", views.space_detail, name="detail"),
]
