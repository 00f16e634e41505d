"""Candidates and applications in Django's technical admin: read only.

Every change goes through a service (history, locks, e-mails, erasure); the admin only
lets a technical administrator look. The gender is left out: it only feeds aggregated
equal-treatment statistics and is shown to nobody.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from eig.candidacies.models import Candidacy, Candidate, Choice, Venture


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VentureInline(ReadOnlyMixin, admin.TabularInline):
    model = Venture
    extra = 0
    fields = ("name", "role", "start_year", "end_year", "team_size", "outcome")


class ChoiceInline(ReadOnlyMixin, admin.TabularInline):
    model = Choice
    extra = 0
    fields = ("rank", "challenge")


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "track", "experience_years", "agrees_to_be_contacted", "created_at")
    list_filter = ("track", "agrees_to_be_contacted")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    exclude = ("gender",)
    inlines = (VentureInline,)


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("candidate", "round", "status", "submitted_at", "anonymised_at")
    list_filter = ("status", "round")
    search_fields = ("candidate__user__email", "candidate__user__last_name")
    list_select_related = ("candidate__user", "round__promotion")
    inlines = (ChoiceInline,)
