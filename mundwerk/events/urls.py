from django.urls import path

from mundwerk.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/past/", views.event_list, {"past": True}, name="past"),
    path("events/calendar/", views.calendar_settings, name="calendar_settings"),
    path("events/calendar/<str:token>.ics", views.member_calendar, name="member_calendar"),
    path("events/<int:event_id>/", views.event_detail, name="detail"),
    path("events/<int:event_id>/rsvp/", views.respond, name="respond"),
    path("events/<int:event_id>/edit/", views.edit_event, name="edit"),
    path("events/<int:event_id>/cancel/", views.cancel_event, name="cancel"),
    path("events/<int:event_id>/event.ics", views.event_calendar, name="ics"),
    path("s/<slug:slug>/events/", views.space_events, name="space"),
    path("s/<slug:slug>/events/past/", views.space_events, {"past": True}, name="space_past"),
    path("s/<slug:slug>/events/new/", views.new_event, name="new"),
    path("s/<slug:slug>/events.ics", views.space_calendar, name="space_ics"),
]
