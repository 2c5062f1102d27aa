from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mundwerk.reviews import actions
from mundwerk.reviews.forms import SubjectForm
from mundwerk.reviews.models import OfficialReply, Review, ReviewRevision, Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    """Staff maintain subjects here; the save goes through the action, counters stay untouched."""

    form = SubjectForm
    list_display = ["name", "kind", "position", "review_count", "rating_total"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["image", "review_count", "rating_total"]
    fields = ["name", "slug", "kind", "description", "position", "picture", "image"]

    def save_model(self, request: HttpRequest, obj: Subject, form: Any, change: bool) -> None:
        assert request.user.is_authenticated
        actions.save_subject(obj, editor=request.user, image=form.cleaned_data.get("picture"))  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Reviews protect their subject; an empty subject may go.
        return (
            isinstance(obj, Subject)
            and obj.review_count == 0
            and super().has_delete_permission(request, obj)
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reviews and answers are written on the site: revisions, counters and notices stay true."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RevisionInline(admin.TabularInline):
    model = ReviewRevision
    fields = ["number", "editor", "created_at", "stars", "title", "body"]
    readonly_fields = ["number", "editor", "created_at", "stars", "title", "body"]
    extra = 0
    can_delete = False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "subject",
        "author",
        "stars",
        "helpful_count",
        "created_at",
        "deleted_at",
    ]
    list_filter = ["subject", "stars"]
    list_select_related = ["subject", "author"]
    raw_id_fields = ["subject", "author"]
    search_fields = ["title"]
    inlines = [RevisionInline]
    show_full_result_count = False


@admin.register(OfficialReply)
class OfficialReplyAdmin(ReadOnlyAdmin):
    list_display = ["review", "author", "created_at", "edited_at"]
    list_select_related = ["review", "author"]
    raw_id_fields = ["review", "author"]
