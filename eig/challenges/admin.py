"""The défis in Django's technical admin: read only.

Every change to a défi goes through a service (history, locks, e-mails) from the
pages of the agents and of the programme team; the admin only lets a technical
administrator look.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from eig.challenges.models import Attachment, Challenge, Indicator, Note, Opinion, PriorityPolicy


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IndicatorInline(ReadOnlyMixin, admin.TabularInline):
    model = Indicator
    extra = 0


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "size", "uploaded_by", "uploaded_at")


class OpinionInline(ReadOnlyMixin, admin.TabularInline):
    model = Opinion
    extra = 0
    fields = ("coach", "requested_at", "verdict", "given_at")


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "round", "submitted_at")
    list_filter = ("status", "round", "wants_product", "wants_tech")
    search_fields = ("title", "organisation__name", "organisation__acronym")
    list_select_related = ("organisation", "round__promotion")
    inlines = (IndicatorInline, AttachmentInline, OpinionInline)


@admin.register(PriorityPolicy)
class PriorityPolicyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "is_active", "position")


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("challenge", "coach", "verdict", "requested_at", "given_at")
    list_select_related = ("challenge", "coach")


@admin.register(Note)
class NoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("challenge", "author", "created_at")
    list_select_related = ("challenge", "author")
