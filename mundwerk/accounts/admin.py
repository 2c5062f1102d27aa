from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mundwerk.accounts import actions
from mundwerk.accounts.forms import WebsiteField
from mundwerk.accounts.models import User


class MemberChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class MemberCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


@admin.register(User)
class MemberAdmin(DjangoUserAdmin):
    """Members in the admin; counters and the rendered bio are kept by actions, not by hand."""

    form = MemberChangeForm
    add_form = MemberCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password", "email")}),
        (_("Profile"), {"fields": ("display_name", "bio", "website", "avatar_file")}),
        (_("Activity"), {"fields": ("topic_count", "post_count", "trust_level")}),
        (
            _("Official representative"),
            {
                "fields": ("is_official", "official_title", "official_company"),
                "description": _(
                    "An official representative carries a badge with title and company on "
                    "every post, review answer and profile. Staff always carry it."
                ),
            },
        ),
        (
            _("Moderation"),
            {
                "fields": ("silenced_until", "suspended_until", "banned_at"),
                "description": _("Set by moderators' decisions in the review queue, and logged."),
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("date_joined", "last_login", "email_verified_at")}),
    )
    # Avatars are uploaded by members through process_image (which strips
    # metadata); staff can only take one away, with the action below.
    readonly_fields = (
        "avatar_file",
        "topic_count",
        "post_count",
        "email_verified_at",
        "date_joined",
        "last_login",
        # Computed by the trust app (granting level 4 is its business).
        "trust_level",
        # Written only through moderation.actions, so every change is in the log.
        "silenced_until",
        "suspended_until",
        "banned_at",
    )
    list_display = (
        "username",
        "display_name",
        "email",
        "date_joined",
        "post_count",
        "is_active",
        "is_staff",
        "is_official",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "is_official")
    search_fields = ("username", "display_name", "email")
    ordering = ("-date_joined",)
    formfield_overrides = {models.URLField: {"form_class": WebsiteField}}
    actions = ["remove_avatars"]

    @admin.display(description=_("avatar"))
    def avatar_file(self, member: User) -> str:
        return member.avatar.name or self.get_empty_value_display()

    @admin.action(description=_("Remove the avatars of the selected members"))
    def remove_avatars(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        members = [member for member in queryset if member.avatar]
        for member in members:
            actions.remove_avatar(member)
        count = len(members)
        self.message_user(
            request,
            ngettext("Removed %(count)d avatar.", "Removed %(count)d avatars.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        # The admin saves the row itself; keep the shown bio in step with its source.
        if "bio" in form.changed_data:
            obj.bio_html = actions.render_bio(obj.bio)
        super().save_model(request, obj, form, change)
