from django.contrib import admin
from django.http import HttpRequest

from mundwerk.moderation.models import Appeal, Flag, ModerationEntry, ModerationSettings


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "auto_hide_flags", "auto_hide_trust_level", "log_shows_names")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ModerationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnly(admin.ModelAdmin):
    """Flags, decisions and appeals are written by moderation.actions only: read here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnly):
    list_display = ("__str__", "reason", "created_at", "resolved_at", "outcome")
    list_filter = ("reason", "outcome")


@admin.register(ModerationEntry)
class ModerationEntryAdmin(ReadOnly):
    list_display = ("__str__", "role", "moderator", "affected", "reason", "created_at")
    list_filter = ("action", "role")


@admin.register(Appeal)
class AppealAdmin(ReadOnly):
    list_display = ("__str__", "author", "created_at", "answer", "answered_at")
