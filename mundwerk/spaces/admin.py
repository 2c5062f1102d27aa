from django.contrib import admin

from mundwerk.spaces.models import Space


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "topic_count", "post_count", "last_post_at"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["topic_count", "post_count", "last_post_at"]
    search_fields = ["name"]
