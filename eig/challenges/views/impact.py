"""Pages of a défi's results: the agents record their indicators' measurements while
the défi runs, and the agents or the programme team record what became of it once
completed.

The agents' défis come from ``Challenge.objects.editable_by(user)`` narrowed to the
status the page needs: any other défi (another administration's, a draft, a running
défi for the outcome...) answers 404.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.challenges.enums import ChallengeStatus
from eig.challenges.forms.results import MeasurementForm, OutcomeForm
from eig.challenges.models import Challenge
from eig.challenges.selectors.results import indicator_result
from eig.challenges.services import results as services_results
from eig.core.errors import DomainError


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _agent_challenge(request: HttpRequest, pk: int, status: ChallengeStatus) -> Challenge:
    """A défi of one of the agent's administrations in ``status``, or 404."""
    return get_object_or_404(
        Challenge.objects.editable_by(request.user)
        .filter(status=status)
        .select_related("organisation"),
        pk=pk,
    )


def _agent_breadcrumb(challenge: Challenge, current: str) -> dict[str, Any]:
    return breadcrumb(
        current,
        (reverse("challenges:list"), _("Mes défis")),
        (reverse("challenges:detail", kwargs={"pk": challenge.pk}), challenge.title),
    )


@role_required(Role.AGENT)
def measurement_add(request: AuthenticatedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    challenge = _agent_challenge(request, pk, ChallengeStatus.RUNNING)
    indicator = get_object_or_404(challenge.indicators.select_related("challenge"), pk=indicator_pk)
    detail_url = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    form = MeasurementForm(_posted(request), unit=indicator.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services_results.measurement_add(
                indicator=indicator,
                by=request.user,
                value=form.cleaned_data["value"],
                measured_on=form.cleaned_data["measured_on"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Mesure de l’indicateur « %(name)s » enregistrée.") % {"name": indicator.name},
            )
            return redirect(f"{detail_url}#indicateur-{indicator.pk}")
    title = _("Ajouter une mesure")
    context = {
        "title": title,
        "challenge": challenge,
        "indicator": indicator,
        "result": indicator_result(indicator),
        "form": form,
        "cancel_url": f"{detail_url}#indicateur-{indicator.pk}",
        "breadcrumb_data": _agent_breadcrumb(challenge, title),
    }
    return render(request, "challenges/results/measurement_form.html", context)


@role_required(Role.AGENT)
def measurement_delete(
    request: AuthenticatedRequest, pk: int, indicator_pk: int, measurement_pk: int
) -> HttpResponse:
    """GET: what will be removed and a confirmation button; POST: remove it."""
    challenge = _agent_challenge(request, pk, ChallengeStatus.RUNNING)
    indicator = get_object_or_404(challenge.indicators.select_related("challenge"), pk=indicator_pk)
    measurement = get_object_or_404(indicator.measurements, pk=measurement_pk)
    back_url = (
        f"{reverse('challenges:detail', kwargs={'pk': challenge.pk})}#indicateur-{indicator.pk}"
    )
    if request.method == "POST":
        try:
            services_results.measurement_delete(measurement=measurement, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Mesure du %(date)s de l’indicateur « %(name)s » supprimée.")
                % {"date": f"{measurement.measured_on:%d/%m/%Y}", "name": indicator.name},
            )
        return redirect(back_url)
    title = _("Supprimer une mesure")
    context = {
        "title": title,
        "challenge": challenge,
        "indicator": indicator,
        "measurement": measurement,
        "cancel_url": back_url,
        "breadcrumb_data": _agent_breadcrumb(challenge, title),
    }
    return render(request, "challenges/results/measurement_delete.html", context)


def _outcome_page(
    request: AuthenticatedRequest,
    challenge: Challenge,
    *,
    detail_url: str,
    crumbs: dict[str, Any],
) -> HttpResponse:
    initial = {"outcome": challenge.outcome, "text": challenge.outcome_text}
    form = OutcomeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_results.outcome_record(
                challenge=challenge,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le devenir du défi est enregistré."))
            return redirect(f"{detail_url}#devenir")
    context = {
        "title": crumbs["current"],
        "challenge": challenge,
        "form": form,
        "cancel_url": f"{detail_url}#devenir",
        "breadcrumb_data": crumbs,
    }
    return render(request, "challenges/results/outcome_form.html", context)


@role_required(Role.AGENT)
def outcome_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _agent_challenge(request, pk, ChallengeStatus.COMPLETED)
    return _outcome_page(
        request,
        challenge,
        detail_url=reverse("challenges:detail", kwargs={"pk": challenge.pk}),
        crumbs=_agent_breadcrumb(challenge, _("Enregistrer le devenir du défi")),
    )


@role_required(Role.STAFF)
def staff_outcome_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(
        Challenge.objects.filter(status=ChallengeStatus.COMPLETED).select_related("organisation"),
        pk=pk,
    )
    detail_url = reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})
    crumbs = breadcrumb(
        _("Enregistrer le devenir du défi"),
        (reverse("challenges:staff_list"), _("Défis à instruire")),
        (detail_url, challenge.title),
    )
    return _outcome_page(request, challenge, detail_url=detail_url, crumbs=crumbs)
