"""The programme team's selection pages: the reasons list, the round board with
screening and committee decisions (one by one or in bulk), and publication."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import role_required
from eig.accounts.enums import Role
from eig.candidacies.models import Candidacy
from eig.candidacies.staff_selectors import staff_candidacies
from eig.core.errors import DomainError
from eig.programmes.models import Round
from eig.selection import selectors
from eig.selection.enums import DecisionOutcome
from eig.selection.forms_review import BulkDecisionForm, CommitteeForm, ReasonForm, ScreeningForm
from eig.selection.models import IneligibilityReason
from eig.selection.selectors import SORTS, BoardFilters
from eig.selection.services import committee, screening


def staff_only[V: Callable[..., HttpResponseBase]](view: V) -> V:
    return cast(V, role_required(Role.STAFF)(cast(Callable[..., HttpResponse], view)))


# Reasons for not being eligible
@require_safe
@staff_only
def reason_list(request: HttpRequest) -> HttpResponse:
    reasons = IneligibilityReason.objects.all()
    return render(
        request,
        "selection/review/reason_list.html",
        {"title": _("Motifs de non-recevabilité"), "reasons": reasons},
    )


@staff_only
def reason_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    reason = get_object_or_404(IneligibilityReason, pk=pk) if pk else None
    form = ReasonForm(request.POST or None, instance=reason)
    if request.method == "POST" and form.is_valid():
        try:
            screening.ineligibility_reason_save(
                by=request.user, data=form.cleaned_data, reason=reason
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le motif est enregistré."))
            return redirect("selection:reason_list")
    title = _("Modifier le motif") if reason else _("Ajouter un motif")
    return render(
        request,
        "selection/review/reason_form.html",
        {"title": title, "form": form, "reason": reason},
    )


# The round board
@require_safe
@staff_only
def round_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "selection/review/round_list.html",
        {"title": _("Sélection des candidatures"), "rounds": selectors.rounds_for_selection()},
    )


def _filters(request: HttpRequest) -> BoardFilters:
    outcomes = set(DecisionOutcome.values) | {"none"}
    sorts = {*SORTS, *(f"-{name}" for name in SORTS)}
    screening_wanted = request.GET.get("recevabilite", "")
    committee_wanted = request.GET.get("comite", "")
    sort = request.GET.get("tri", "")
    return BoardFilters(
        screening=screening_wanted if screening_wanted in outcomes else "",
        committee=committee_wanted if committee_wanted in outcomes else "",
        disagreement=request.GET.get("desaccord") == "1",
        sort=sort if sort in sorts else "",
    )


@require_safe
@staff_only
def board(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    return _board_render(request, round_, BulkDecisionForm())


def _board_render(request: HttpRequest, round_: Round, bulk_form: BulkDecisionForm) -> HttpResponse:
    filters = _filters(request)
    context: dict[str, Any] = {
        "title": _("Sélection — session %(number)s") % {"number": round_.number},
        "round": round_,
        "rows": selectors.round_board(round_, filters),
        "filters": filters,
        "bulk_form": bulk_form,
        "disagreement_spread": selectors.DISAGREEMENT_SPREAD,
        "outcome_choices": DecisionOutcome.choices,
        "sort_choices": [
            ("", _("Ordre de dépôt")),
            ("-mean", _("Moyenne décroissante")),
            ("mean", _("Moyenne croissante")),
            ("-median", _("Médiane décroissante")),
            ("-spread", _("Écart décroissant")),
        ],
    }
    return render(request, "selection/review/board.html", context)


@require_POST
@staff_only
def bulk_decide(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    form = BulkDecisionForm(request.POST)
    ids = [int(value) for value in request.POST.getlist("candidacies") if value.isdigit()]
    candidacies = list(staff_candidacies().filter(round=round_, pk__in=ids).order_by("pk"))
    if not candidacies:
        form.add_error(None, _("Cochez au moins une candidature."))
    if not form.is_valid() or not candidacies:
        messages.error(
            request, _("La décision groupée n’a pas été enregistrée : voir le formulaire.")
        )
        return _board_render(request, round_, form)
    action = form.cleaned_data["action"]
    try:
        if action in ("eligible", "ineligible"):
            count = screening.screening_decide_bulk(
                candidacies=candidacies,
                eligible=action == "eligible",
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        else:
            count = committee.committee_decide_bulk(
                candidacies=candidacies,
                joins_pool=action == "pool",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
    except DomainError as error:
        messages.error(request, _("Rien n’a été enregistré : %(error)s") % {"error": error.message})
        return _board_render(request, round_, form)
    messages.success(request, _("%(count)s décision(s) enregistrée(s).") % {"count": count})
    return redirect("selection:board", round_pk=round_.pk)


# One application: screening and committee
def _candidacy(pk: int) -> Candidacy:
    return get_object_or_404(
        staff_candidacies().select_related("round__promotion__programme", "candidate__user"),
        pk=pk,
    )


@require_POST
@staff_only
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy(pk)
    form = ScreeningForm(request.POST, prefix="screening")
    if form.is_valid():
        try:
            screening.screening_decide(
                candidacy=candidacy,
                eligible=form.cleaned_data["eligibility"] == "eligible",
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La recevabilité est enregistrée."))
            return redirect("selection:application", pk=candidacy.pk)
    from eig.selection.views.review import application_render

    return application_render(request, candidacy, screening_form=form)


@require_POST
@staff_only
def committee_decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy(pk)
    form = CommitteeForm(request.POST, prefix="committee")
    if form.is_valid():
        try:
            committee.committee_decide(
                candidacy=candidacy,
                joins_pool=form.cleaned_data["outcome"] == "pool",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La décision du comité est enregistrée."))
            return redirect("selection:application", pk=candidacy.pk)
    from eig.selection.views.review import application_render

    return application_render(request, candidacy, committee_form=form)


# Publication
@staff_only
def publish(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    if request.method == "POST":
        try:
            count = committee.round_decisions_publish(round_=round_, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if count:
                messages.success(
                    request,
                    _("%(count)s décision(s) publiée(s) : les e-mails partent.") % {"count": count},
                )
            else:
                messages.info(request, _("Aucune nouvelle décision à publier."))
            return redirect(reverse("selection:board", kwargs={"round_pk": round_.pk}))
    summary = committee.publication_summary(round_)
    labels = dict(DecisionOutcome.choices)
    return render(
        request,
        "selection/review/publish.html",
        {
            "title": _("Publier les décisions de la session"),
            "round": round_,
            "summary": summary,
            "counts": [(labels[outcome], count) for outcome, count in summary.counts.items()],
        },
    )
