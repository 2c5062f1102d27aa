from django.urls import URLPattern

app_name = "trust"
urlpatterns: list[URLPattern] = []
