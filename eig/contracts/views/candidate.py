"""The candidate's offers: read them, accept or decline before they expire.

An offer is fetched among the signed-in candidate's own: anyone else's answers 404.
"""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.contracts.enums import OfferStatus
from eig.contracts.forms.offers import DeclineForm
from eig.contracts.models import Offer
from eig.contracts.selectors import offers as selectors
from eig.contracts.services import offers as services
from eig.contracts.services.contracts import contract_end_date
from eig.contracts.views.history import offer_history_lines
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error

candidate_only = role_required(Role.CANDIDATE)


def _breadcrumb(current: str, *links: tuple[str, str]) -> dict[str, Any]:
    return breadcrumb(current, (reverse("accounts:dashboard"), _("Mon espace")), *links)


def _mine(request: AuthenticatedRequest) -> QuerySet[Offer]:
    return selectors.offers_of_candidate(request.user)


def _title(offer: Offer) -> str:
    return _("Offre pour le défi « %(title)s »") % {"title": offer.challenge.title}


@require_safe
@candidate_only
def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    title = _("Mes offres")
    return render(
        request,
        "contracts/candidate/list.html",
        {"title": title, "breadcrumb_data": _breadcrumb(title), "offers": _mine(request)},
    )


def _detail(
    request: HttpRequest, offer: Offer, form: DeclineForm | None = None, status: int = 200
) -> HttpResponse:
    title = _title(offer)
    return render(
        request,
        "contracts/candidate/detail.html",
        {
            "title": title,
            "breadcrumb_data": _breadcrumb(title, (reverse("offers:list"), _("Mes offres"))),
            "offer": offer,
            "answerable": _answerable(offer),
            "history": offer_history_lines(offer, viewer=request.user),
            "decline_form": form or DeclineForm(),
        },
        status=status,
    )


@require_safe
@candidate_only
def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(_mine(request), pk=pk))


def _answerable(offer: Offer) -> bool:
    return offer.status == OfferStatus.MADE and offer.expires_at >= timezone.now()


@require_http_methods(["GET", "HEAD", "POST"])
@candidate_only
def offer_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: what accepting commits to, and the confirmation; POST: accept."""
    offer = get_object_or_404(_mine(request), pk=pk)
    if request.method == "POST":
        try:
            services.offer_accept(offer=offer, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Bienvenue dans le programme ! Vous avez accepté l’offre. "
                    "Une confirmation vous est envoyée par e-mail."
                ),
            )
        return redirect("offers:detail", pk=offer.pk)
    if not _answerable(offer):
        messages.info(request, _("Cette offre n’attend plus de réponse."))
        return redirect("offers:detail", pk=offer.pk)
    title = _("Accepter l’offre")
    detail_link = (reverse("offers:detail", kwargs={"pk": offer.pk}), _title(offer))
    return render(
        request,
        "contracts/candidate/accept.html",
        {
            "title": title,
            "breadcrumb_data": _breadcrumb(
                title, (reverse("offers:list"), _("Mes offres")), detail_link
            ),
            "offer": offer,
            "end_date": contract_end_date(offer.start_date),
            "other_offers": selectors.other_open_offers(offer),
        },
    )


@require_POST
@candidate_only
def offer_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(_mine(request), pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, offer, form, status=200)
    try:
        services.offer_decline(offer=offer, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        form_add_service_error(form, error)
        return _detail(request, offer, form, status=200)
    messages.success(request, _("Vous avez décliné l’offre. Merci de votre réponse."))
    return redirect("offers:detail", pk=offer.pk)
