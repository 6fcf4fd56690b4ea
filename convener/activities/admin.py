"""Django admin for activities: read-mostly views for staff support."""

from django.contrib import admin

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    EngagementEvent,
    Milestone,
    Relationship,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "initiative", "kind", "starts_on", "formality", "learning")
    list_filter = ("kind", "formality", "learning", "direction")
    search_fields = ("title",)
    raw_id_fields = ("initiative", "next_activity", "created_by")


@admin.register(ActivityInvitation)
class ActivityInvitationAdmin(admin.ModelAdmin):
    list_display = ("activity", "stakeholder", "status", "invited_at")
    list_filter = ("status",)
    raw_id_fields = ("activity", "stakeholder")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("activity", "stakeholder", "walk_in", "checked_in_at")
    list_filter = ("walk_in",)
    raw_id_fields = ("activity", "stakeholder", "checked_in_by")


@admin.register(EngagementEvent)
class EngagementEventAdmin(admin.ModelAdmin):
    list_display = ("stakeholder", "kind", "occurred_on", "activity")
    list_filter = ("kind",)
    raw_id_fields = ("initiative", "stakeholder", "activity", "recorded_by")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "initiative", "occurred_on")
    raw_id_fields = ("initiative", "created_by")


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ("pk", "initiative", "from_role", "to_role")
    raw_id_fields = ("initiative", "from_organization", "to_organization", "created_by")
