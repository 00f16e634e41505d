""" "Mes données": what the platform holds about a candidate, its download, and the
deletion of their account."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.decorators import role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.candidacies import privacy
from eig.candidacies.forms.personal_data import AccountDeleteForm
from eig.core.errors import DomainError


def candidate_only[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Candidates only: anonymous visitors sign in, other roles get 403."""
    return cast(V, role_required(Role.CANDIDATE)(cast(Callable[..., HttpResponse], view)))


def _my_data_breadcrumb(current: str) -> dict[str, Any]:
    return breadcrumb(
        current,
        (reverse("accounts:dashboard"), _("Mon espace")),
        (reverse("candidacies:my_data"), _("Mes données")),
    )


@require_safe
@candidate_only
def my_data(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    data = privacy.personal_data_for(user)
    policy = privacy.retention_policy()
    anonymised_on = None
    if data.candidate is not None:
        anonymised_on = privacy.anonymisation_day(
            data.candidate, data.candidacies, policy=policy, today=timezone.localdate()
        )
    title = _("Mes données")
    return render(
        request,
        "candidacies/personal_data/my_data.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title, (reverse("accounts:dashboard"), _("Mon espace"))),
            "data": data,
            "policy": policy,
            "anonymised_on": anonymised_on,
            "candidacies": [
                {"candidacy": candidacy, "events": len(data.events_of(candidacy))}
                for candidacy in data.candidacies
            ],
        },
    )


@require_safe
@candidate_only
def my_data_export(request: HttpRequest) -> FileResponse:
    user: Any = request.user
    response = FileResponse(
        privacy.personal_data_export(user=user),
        as_attachment=True,
        filename=f"mes-donnees-eig-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@candidate_only
def account_delete(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = AccountDeleteForm(
        request.POST if request.method == "POST" else None, expected_email=user.email
    )
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_erase(user=user, by=user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte est supprimé et vos données personnelles sont effacées. "
                    "Merci de l’intérêt que vous avez porté au programme."
                ),
            )
            return redirect("public:home")
    title = _("Supprimer mon compte")
    return render(
        request,
        "candidacies/personal_data/account_delete.html",
        {"title": title, "breadcrumb_data": _my_data_breadcrumb(title), "form": form},
    )
