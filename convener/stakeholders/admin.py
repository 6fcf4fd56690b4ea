"""Site operators' view of the registry. Team members use the registry pages, not the admin."""

from django.contrib import admin

from convener.stakeholders.models import CircleMove, Stakeholder, Tag


class CircleMoveInline(admin.TabularInline):
    model = CircleMove
    extra = 0
    fields = ("moved_at", "from_circle", "to_circle", "moved_by", "note")
    readonly_fields = ("moved_at",)
    raw_id_fields = ("moved_by",)


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "initiative", "perspective", "circle", "updated_at")
    list_filter = ("kind", "circle", "stance", "scale", "initiative")
    search_fields = ("name", "position", "organization__name")
    list_select_related = ("initiative", "perspective")
    raw_id_fields = ("initiative", "organization", "perspective", "created_by")
    readonly_fields = ("erased_at", "created_at", "updated_at")
    filter_horizontal = ("tags",)
    inlines = [CircleMoveInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "initiative")
    search_fields = ("name",)
    raw_id_fields = ("initiative",)
