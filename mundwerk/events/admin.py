from django.contrib import admin
from django.http import HttpRequest

from mundwerk.events.models import CalendarToken, Event, Rsvp


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["member", "answer", "is_hidden", "answered_at"]
    readonly_fields = ["member", "answer", "is_hidden", "answered_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are planned and changed on the site, so seats, waitlist and notices stay true."""

    list_display = ["title", "space", "organiser", "starts_at", "time_zone", "going_count",
                    "capacity", "cancelled_at"]  # fmt: skip
    list_filter = ["space", "cancelled_at"]
    list_select_related = ["space", "organiser"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    inlines = [RsvpInline]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["member", "created_at"]
    fields = ["member", "created_at"]
    readonly_fields = ["member", "created_at"]
    search_fields = ["member__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
