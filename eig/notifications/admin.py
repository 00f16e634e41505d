"""The outbox in the Django admin: read-only, to see what was sent, when, and why not."""

from django.contrib import admin
from django.http import HttpRequest

from eig.notifications.models import Email

EMAIL_FIELDS = (
    "to",
    "subject",
    "template",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "claimed_at",
    "sent_at",
    "body_text",
    "body_html",
)


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    fields = EMAIL_FIELDS
    readonly_fields = EMAIL_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Email | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Email | None = None) -> bool:
        return False
