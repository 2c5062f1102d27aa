from django.urls import path

from mundwerk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification_id>/open/", views.open_notification, name="open"),
    path("notifications/<int:notification_id>/read/", views.read_notification, name="read"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("settings/notifications/", views.preferences, name="settings"),
]
