from django.contrib import admin
from django.http import HttpRequest

from mundwerk.posts.models import Post, Revision, Tag, Topic


class ReadOnlyAdmin(admin.ModelAdmin):
    """Posts are written through the site so revisions and counters stay true."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["title", "space", "author", "post_count", "like_count", "last_post_at"]
    list_filter = ["space"]
    list_select_related = ["space", "author"]
    search_fields = ["title"]
    show_full_result_count = False


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "editor", "created_at", "title", "body"]
    readonly_fields = ["number", "editor", "created_at", "title", "body"]
    extra = 0
    can_delete = False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "topic", "author", "created_at", "like_count", "deleted_at"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "author", "quote_of"]
    inlines = [RevisionInline]
    show_full_result_count = False


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ["name", "topic_count"]
    search_fields = ["name"]
