from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mundwerk.core.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline", "logo", "primary_colour", "registration_open"]}),
        (_("Legal pages"), {"fields": ["imprint", "privacy_policy"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
