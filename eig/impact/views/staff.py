"""The programme team's pages of the impact app: the dashboard « Pilotage du programme »."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.decorators import staff_required
from eig.core.public_cache import kept_content, kept_name, public_data
from eig.impact.dashboard import programme_dashboard

DASHBOARD_TEMPLATE = "impact/staff/dashboard.html"


@require_safe
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme's figures, rendered once per change of the recorded data each day."""
    title = _("Pilotage du programme")
    content = public_data(
        kept_name("staff-dashboard", timezone.localdate()),
        lambda: kept_content(
            request, DASHBOARD_TEMPLATE, {"title": title, "dashboard": programme_dashboard()}
        ),
    )
    return render(
        request,
        DASHBOARD_TEMPLATE,
        {"title": title, "content_html": mark_safe(content.value)},  # noqa: S308 (our own HTML)
    )
