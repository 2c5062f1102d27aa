from django.urls import path

from mundwerk.core import views
from mundwerk.core.language import switch_language
from mundwerk.spaces.views import home

app_name = "core"
urlpatterns = [
    path("", home, name="home"),
    path("imprint/", views.legal_page, {"kind": "imprint"}, name="imprint"),
    path("privacy/", views.legal_page, {"kind": "privacy"}, name="privacy"),
    path("theme.css", views.theme_css, name="theme"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("language/", switch_language, name="language"),
]
