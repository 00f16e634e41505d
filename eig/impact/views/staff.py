"""The programme team's pages of the impact app: the dashboard « Pilotage du programme »."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.decorators import staff_required
from eig.impact.dashboard import programme_dashboard


@require_safe
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "impact/staff/dashboard.html",
        {"title": _("Pilotage du programme"), "dashboard": programme_dashboard()},
    )
