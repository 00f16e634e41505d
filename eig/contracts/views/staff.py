"""The programme team's offer pages: make an offer from a pool application, see an offer."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.candidacies.models import Candidacy
from eig.contracts.forms.offers import OfferForm
from eig.contracts.models import Offer
from eig.contracts.selectors import offers as selectors
from eig.contracts.services import offers as services
from eig.contracts.views.history import offer_history_lines
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.programmes.models import PayLevel


def _candidacy(pk: int) -> Candidacy:
    try:
        return selectors.candidacy_for_offer(pk)
    except Candidacy.DoesNotExist as error:
        raise Http404 from error


def _followup_link(candidacy: Candidacy) -> tuple[str, str]:
    return (
        reverse("offers:followup", kwargs={"pk": candidacy.round_id}),
        _("Suivi de la session %(number)s") % {"number": candidacy.round.number},
    )


def _make_context(candidacy: Candidacy, form: OfferForm, derived: PayLevel | None) -> Any:
    title = _("Faire une offre à %(name)s") % {"name": candidacy.candidate.user}
    return {
        "title": title,
        "breadcrumb_data": breadcrumb(title, _followup_link(candidacy)),
        "candidacy": candidacy,
        "form": form,
        "derived": derived,
        "places": selectors.promotion_places(candidacy.round.promotion),
        "open_offers": candidacy.offers.select_related("challenge").order_by("-made_at"),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def offer_make(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy(pk)
    try:
        derived: PayLevel | None = services.derived_pay_level(candidacy)
    except DomainError as error:
        messages.error(request, error.message)
        derived = None
    levels = derived.grid.levels.order_by("level") if derived else PayLevel.objects.none()
    initial = {
        "pay_level": derived,
        "start_date": candidacy.round.starts_on,
        "expires_on": services.default_expiry(),
    }
    data = request.POST if request.method == "POST" else None
    form = OfferForm(
        data,
        initial=initial,
        challenges=selectors.challenges_retaining(candidacy),
        levels=levels,
    )
    if data is not None and form.is_valid():
        try:
            offer = services.offer_make(
                candidacy=candidacy,
                challenge=form.cleaned_data["challenge"],
                by=request.user,
                pay_level=form.cleaned_data["pay_level"],
                override_reason=form.cleaned_data["override_reason"],
                start_date=form.cleaned_data["start_date"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("L’offre est faite ; la personne est prévenue par e-mail."))
            return redirect("offers:staff_detail", pk=offer.pk)
    return render(request, "contracts/staff/make.html", _make_context(candidacy, form, derived))


@require_safe
@staff_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        offer = selectors.offer_for_staff(pk)
    except Offer.DoesNotExist as error:
        raise Http404 from error
    title = _("Offre à %(name)s — %(challenge)s") % {
        "name": offer.candidacy.candidate.user,
        "challenge": offer.challenge.title,
    }
    return render(
        request,
        "contracts/staff/detail.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title, _followup_link(offer.candidacy)),
            "offer": offer,
            "history": offer_history_lines(offer, viewer=request.user),
        },
    )
