"""The matching's pages: the candidate's and the jury's rankings (then their
explanations), and the programme team's page of a round's matching.

A candidate reaches only their own ranking, an agent only the défis of their
administrations (404 otherwise). Explanations give counts and the rule, never another
person's identity or ranking.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.decorators import AuthenticatedRequest, role_required, staff_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.candidacies.models import Candidacy
from eig.challenges.models import Challenge
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.contracts.services.offers import offer_confirm
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.history_display import history_lines
from eig.core.pagination import page_for
from eig.programmes.models import Round
from eig.selection.forms.matching import OverrideForm, PlacesForm, RankingForm
from eig.selection.models import MatchingRun, Proposal
from eig.selection.selectors import interviews as interview_selectors
from eig.selection.selectors import matching as selectors
from eig.selection.services import matching as services

agents_only = role_required(Role.AGENT)
candidates_only = role_required(Role.CANDIDATE)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _ranking_form(
    request: HttpRequest, proposals: list[Proposal], ranking: Any, label: Any
) -> RankingForm:
    ranked, left_out = selectors.ranked_then_left_out(proposals, ranking)
    initial = {p.pk: position for position, p in enumerate(ranked, start=1)}
    items = [(p.pk, label(p)) for p in ranked + left_out]
    return RankingForm(_posted(request), items=items, initial_ranks=initial)


def _ranking_history(ranking: Any) -> list[Any]:
    return history_lines(ranking) if ranking else []


def _save_ranking(request: HttpRequest, form: RankingForm, save: Any) -> bool:
    """Call ``save(ids, submit)`` on a valid form; French errors on the form otherwise."""
    if request.method != "POST" or not form.is_valid():
        return False
    submit = "submit" in request.POST
    try:
        save(form.ordered_ids(), submit)
    except DomainError as error:
        form_add_service_error(form, error)
        return False
    messages.success(
        request,
        _("Votre classement est enregistré.")
        if submit
        else _(
            "Votre brouillon est enregistré : il ne compte pas tant qu’il n’est pas enregistré."
        ),
    )
    return True


# --- The candidate --------------------------------------------------------------------


@candidates_only
def candidate_ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=pk)
    proposals = list(
        selectors.rankable_proposals(round).filter(
            candidacy__candidate__user_id=request.user.pk or 0
        )
    )
    published = selectors.latest_published_run(round)
    candidacy = _own_candidacy(request, proposals, published)
    ranking = selectors.ranking_of(round, candidacy_id=candidacy.pk)
    form = _ranking_form(request, proposals, ranking, lambda p: p.challenge.title)

    def save(ids: list[int], submit: bool) -> None:
        services.candidate_ranking_save(
            round=round, candidacy=candidacy, proposal_ids=ids, submit=submit, by=request.user
        )

    if _save_ranking(request, form, save):
        return redirect("matching:candidate_ranking", pk=round.pk)
    result = None
    if published is not None and str(candidacy.pk) in published.inputs["candidates"]:
        placement = selectors.placement_of(selectors.effective_result(published))
        got = placement.get(str(candidacy.pk))
        result = {
            "title": published.inputs["titles"].get(got, "") if got else "",
            "explanations": selectors.candidate_explanations(published, candidacy.pk),
        }
    title = _("Mon classement des défis")
    return render(
        request,
        "selection/matching/candidate_ranking.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "round": round,
            "form": form if proposals else None,
            "ranking": ranking,
            "is_open": services.ranking_is_open(round),
            "result": result,
            "ranking_history": _ranking_history(ranking),
        },
    )


def _own_candidacy(
    request: HttpRequest, proposals: list[Proposal], published: MatchingRun | None
) -> Candidacy:
    if proposals:
        return proposals[0].candidacy
    if published is not None:
        ids = [int(c) for c in published.inputs["candidates"]]
        mine = Candidacy.objects.filter(pk__in=ids, candidate__user_id=request.user.pk or 0).first()
        if mine is not None:
            return mine
    raise Http404(_("Vous n’avez pas de défi à classer dans cette session."))


# --- The jury -------------------------------------------------------------------------


@agents_only
def jury_ranking(request: AuthenticatedRequest, pk: int, challenge_pk: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=pk)
    try:
        challenge = interview_selectors.jury_challenge(request.user, challenge_pk)
    except Challenge.DoesNotExist as error:
        raise Http404 from error
    proposals = list(selectors.rankable_proposals(round).filter(challenge=challenge))
    published = selectors.latest_published_run(round)
    in_published = published is not None and str(challenge.pk) in published.inputs["places"]
    if not proposals and not in_published:
        raise Http404(_("Ce défi n’a pas de candidat·e à classer dans cette session."))
    ranking = selectors.ranking_of(round, challenge_id=challenge.pk)
    form = _ranking_form(request, proposals, ranking, lambda p: str(p.candidacy.candidate.user))

    def save(ids: list[int], submit: bool) -> None:
        services.jury_ranking_save(
            round=round, challenge=challenge, proposal_ids=ids, submit=submit, by=request.user
        )

    if _save_ranking(request, form, save):
        return redirect("matching:jury_ranking", pk=round.pk, challenge_pk=challenge.pk)
    title = _("Classement du jury — « %(title)s »") % {"title": challenge.title}
    return render(
        request,
        "selection/matching/jury_ranking.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "round": round,
            "challenge": challenge,
            "form": form if proposals else None,
            "ranking": ranking,
            "is_open": services.ranking_is_open(round),
            "result": _jury_result(published, challenge) if in_published else None,
            "ranking_history": _ranking_history(ranking),
        },
    )


def _jury_result(run: Any, challenge: Challenge) -> dict[str, Any]:
    result = selectors.effective_result(run)
    got = [int(c) for c in result.get(str(challenge.pk), [])]
    lines = selectors.jury_explanations(run, challenge.pk)
    names = {
        c.pk: str(c.candidate.user)
        for c in Candidacy.objects.filter(
            pk__in=got + [line.candidacy_id for line in lines]
        ).select_related("candidate__user")
    }
    places = run.inputs["places"].get(str(challenge.pk), {})
    return {
        "got": [names.get(pk, "") for pk in got],
        "places": sum(places.values()),
        "lines": [(names.get(line.candidacy_id, ""), line.text) for line in lines],
    }


# --- The programme team ---------------------------------------------------------------


@staff_required
def staff_round(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(Round.objects.select_related("promotion"), pk=pk)
    challenges = selectors.market_challenges(round)
    places = selectors.places_for(round, challenges)
    run = selectors.latest_run(round)
    places_page = page_for(request, list(challenges), parameter="places")
    context: dict[str, Any] = {
        "title": _("Affectation — %(round)s") % {"round": round},
        "round": round,
        "places": [
            (c, places[c.pk], PlacesForm(initial=places[c.pk], prefix=f"places-{c.pk}"))
            for c in places_page.object_list
        ],
        "places_page": places_page,
        "places_total": sum(sum(p.values()) for p in places.values()),
        "saved_rankings": round.rankings.filter(submitted_at__isnull=False).count(),
        "run": run,
    }
    context["breadcrumb_data"] = breadcrumb(context["title"])
    if run is not None:
        context.update(_run_context(run, _posted(request)))
        context["per_challenge"] = page_for(request, context["per_challenge"], parameter="defis")
        context["per_candidate"] = page_for(
            request, context["per_candidate"], parameter="personnes"
        )
    return render(request, "selection/matching/staff_round.html", context)


def _run_context(run: MatchingRun, data: Any = None) -> dict[str, Any]:
    inputs = run.inputs
    result = selectors.effective_result(run)
    placement = selectors.placement_of(result)
    candidacies = {
        str(c.pk): c
        for c in Candidacy.objects.filter(
            pk__in=[int(c) for c in inputs["candidates"]]
        ).select_related("candidate__user")
    }

    def name(candidacy_id: str) -> str:
        candidacy = candidacies.get(candidacy_id)
        return str(candidacy.candidate.user) if candidacy else candidacy_id

    titles = inputs["titles"]
    per_challenge = []
    for challenge_id, title in sorted(titles.items(), key=lambda item: item[1]):
        seats = sum(inputs["places"].get(challenge_id, {}).values())
        matched = [name(c) for c in result.get(challenge_id, [])]
        per_challenge.append(
            {
                "title": title,
                "seats": seats,
                "matched": matched,
                "empty": max(seats - len(matched), 0),
            }
        )
    per_candidate = sorted(
        (
            {
                "name": name(c),
                "title": titles.get(placement.get(c, ""), ""),
                "rank": choices.index(placement[c]) + 1 if placement.get(c) in choices else None,
            }
            for c, choices in inputs["candidates"].items()
        ),
        key=lambda row: row["name"],
    )
    blocking = [(name(c), titles.get(h, h)) for c, h in selectors.run_blocking_pairs(run)]
    override_form = OverrideForm(
        data,
        candidates=[(int(c), name(c)) for c in inputs["candidates"]],
        challenges=[(int(h), t) for h, t in sorted(titles.items(), key=lambda item: item[1])],
    )
    drafts = Offer.objects.filter(
        status=OfferStatus.DRAFT, candidacy_id__in=[int(c) for c in inputs["candidates"]]
    ).select_related("candidacy__candidate__user", "challenge")
    return {
        "per_challenge": per_challenge,
        "per_candidate": per_candidate,
        "overrides": list(run.overrides.select_related("candidacy__candidate__user", "challenge")),
        "blocking": blocking,
        "override_form": override_form,
        "draft_offers": list(drafts) if run.published_at else [],
    }


def _redirect_to_round(round_id: int) -> HttpResponse:
    return redirect("matching:staff_round", pk=round_id)


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@require_POST
@staff_required
def places_set(request: AuthenticatedRequest, pk: int, challenge_pk: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=pk)
    challenge = get_object_or_404(Challenge, pk=challenge_pk)
    form = PlacesForm(request.POST, prefix=f"places-{challenge.pk}")
    if not form.is_valid():
        messages.error(request, _("Indiquez un nombre de places entre 0 et 30 pour chaque profil."))
        return _redirect_to_round(round.pk)
    try:
        services.challenge_places_set(
            round=round,
            challenge=challenge,
            product=form.cleaned_data["product"],
            tech=form.cleaned_data["tech"],
            by=request.user,
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Places du défi « %(title)s » enregistrées.") % {"title": challenge.title}
        )
    return _redirect_to_round(round.pk)


@require_POST
@staff_required
def run_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=pk)
    try:
        services.matching_run(round=round, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("L’appariement est calculé."))
    return _redirect_to_round(round.pk)


@require_POST
@staff_required
def run_override(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(MatchingRun, pk=pk)
    context = _run_context(run, request.POST)
    form = context["override_form"]
    if not form.is_valid():
        messages.error(
            request, _("Choisissez la personne et écrivez la raison de la modification.")
        )
        return _redirect_to_round(run.round_id)
    try:
        services.matching_override(
            run=run,
            candidacy_id=form.cleaned_data["candidacy"],
            challenge_id=form.cleaned_data["challenge"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("La modification est enregistrée."))
    return _redirect_to_round(run.round_id)


@require_POST
@staff_required
def run_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(MatchingRun, pk=pk)
    try:
        services.matching_publish(run=run, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("L’affectation est publiée : les offres sont en brouillon, à confirmer.")
        )
    return _redirect_to_round(run.round_id)


@require_POST
@staff_required
def draft_offer_confirm(request: AuthenticatedRequest, pk: int, offer_pk: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=pk)
    offer = get_object_or_404(Offer.objects.select_related("candidacy"), pk=offer_pk)
    try:
        offer_confirm(offer=offer, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("L’offre est faite : la personne en est informée."))
    return _redirect_to_round(round.pk)
