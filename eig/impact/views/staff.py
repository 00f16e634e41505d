"""The programme team's pages of the impact app: the dashboard « Pilotage du programme »."""

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.decorators import staff_required
from eig.core.public_cache import kept_name, public_content, public_content_page
from eig.impact.dashboard import programme_dashboard

DASHBOARD_TEMPLATE = "impact/staff/dashboard.html"


@require_safe
@staff_required
def dashboard(request: HttpRequest) -> HttpResponseBase:
    """The programme's figures, rendered once per change of the recorded data each day."""
    title = _("Pilotage du programme")
    content = public_content(
        request,
        kept_name("staff-dashboard", timezone.localdate()),
        DASHBOARD_TEMPLATE,
        lambda: {"title": title, "dashboard": programme_dashboard()},
    )
    return public_content_page(
        request, [content], DASHBOARD_TEMPLATE, {"title": title}, content.value
    )
