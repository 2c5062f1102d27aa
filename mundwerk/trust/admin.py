from django.contrib import admin
from django.http import HttpRequest

from mundwerk.trust.actions import grant_trust_level
from mundwerk.trust.models import (
    LevelRequirement,
    MemberTrust,
    ModeratorInvitation,
    ScreenedTerm,
    TrustSettings,
)


@admin.register(TrustSettings)
class TrustSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return not TrustSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LevelRequirement)
class LevelRequirementAdmin(admin.ModelAdmin):
    list_display = [
        "level",
        "window_days",
        "days_visited",
        "topics_read",
        "posts_read",
        "posts_written",
        "likes_given",
        "likes_received",
        "max_flags_upheld",
    ]


@admin.register(MemberTrust)
class MemberTrustAdmin(admin.ModelAdmin):
    list_display = ["member", "granted_level", "days_visited", "posts_written", "computed_at"]
    list_filter = ["granted_level"]
    search_fields = ["member__username"]
    raw_id_fields = ["member"]
    readonly_fields = [
        "promoted_at",
        "days_visited",
        "topics_read",
        "posts_read",
        "posts_written",
        "likes_given",
        "likes_received",
        "flags_upheld",
        "flags_rejected",
        "computed_at",
    ]

    def save_model(
        self, request: HttpRequest, obj: MemberTrust, form: object, change: bool
    ) -> None:
        if not change:
            obj.save()
        grant_trust_level(member=obj.member, level=obj.granted_level, staff=request.user)  # type: ignore[arg-type]


@admin.register(ScreenedTerm)
class ScreenedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]


@admin.register(ModeratorInvitation)
class ModeratorInvitationAdmin(admin.ModelAdmin):
    list_display = ["member", "space", "invited_by", "created_at", "accepted_at", "declined_at"]
    raw_id_fields = ["member", "space", "invited_by"]
