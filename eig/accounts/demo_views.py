"""Demo mode only: see every demo account and sign in as one in a click.

These URLs exist only when settings.DEMO is on (see config/urls.py), and they
only ever sign in accounts of the demo e-mail domain.
"""

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.demo import DEMO_EMAIL_DOMAIN
from eig.accounts.enums import Role
from eig.accounts.selectors import demo_users, demo_users_by_role

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_safe
def demo_accounts(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("Comptes de démonstration"),
        "groups": demo_users_by_role(),
        "demo_domain": DEMO_EMAIL_DOMAIN,
        "proconnect_roles": [Role.AGENT, Role.REVIEWER, Role.COACH, Role.STAFF],
    }
    return render(request, "accounts/demo_accounts.html", context)


@require_POST
def demo_sign_in(request: HttpRequest, user_id: int) -> HttpResponse:
    user = demo_users().filter(pk=user_id).first()
    if user is None:
        raise Http404(_("Ce compte n’est pas un compte de démonstration."))
    login(request, user, backend=MODEL_BACKEND)
    return redirect("accounts:dashboard")
