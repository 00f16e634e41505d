"""The programme team's selection pages: the reasons list, the round board with
screening and committee decisions (one by one or in bulk), and publication."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.candidacies.models import Candidacy
from eig.candidacies.selectors.staff import staff_candidacies
from eig.core.errors import DomainError
from eig.core.french import plural
from eig.core.public_cache import kept_content, kept_name, public_data
from eig.programmes.models import Round
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.forms.review import (
    SCOPE_FILTERED,
    BulkDecisionForm,
    CommitteeForm,
    FilteredConfirmForm,
    PublishForm,
    ReasonForm,
    ScreeningForm,
)
from eig.selection.models import Decision, IneligibilityReason
from eig.selection.scores import DISAGREEMENT_SPREAD
from eig.selection.selectors import review as selectors
from eig.selection.selectors.review import SORTS, BoardFilters, ReviewGap
from eig.selection.services import board as board_services
from eig.selection.services import committee, screening
from eig.selection.services.committee import ReviewsMissing
from eig.selection.services.screening import DecisionChanged, decision_version
from eig.selection.views.application import application_render, staff_candidacy

BOARD_TEMPLATE = "selection/review/board.html"


# Reasons for not being eligible
@require_safe
@staff_required
def reason_list(request: HttpRequest) -> HttpResponse:
    reasons = IneligibilityReason.objects.all()
    return render(
        request,
        "selection/review/reason_list.html",
        {"title": _("Motifs de non-recevabilité"), "reasons": reasons},
    )


@staff_required
def reason_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
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
@staff_required
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
@staff_required
def board(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    return _board_render(request, round_, BulkDecisionForm())


# The versions of the decisions the board showed, sent back with the bulk form:
# "<kind>-version-<candidacy id>" (see ``screening.decision_version``).
VERSION_KINDS = (DecisionKind.SCREENING, DecisionKind.COMMITTEE)


def _posted_versions(request: HttpRequest) -> dict[str, dict[int, str]]:
    versions: dict[str, dict[int, str]] = {kind: {} for kind in VERSION_KINDS}
    for key in request.POST:
        kind, _sep, pk = key.partition("-version-")
        if kind in versions and pk.isdigit():
            versions[kind][int(pk)] = request.POST.get(key, "")
    return versions


def _board_query(request: HttpRequest) -> str:
    """The board's filters and page as the request gives them: kept by the bulk form's
    address, so that a refused decision shows the same page of the same selection."""
    return request.GET.urlencode()


def _board_url(round_: Round, request: HttpRequest) -> str:
    url = reverse("selection:board", kwargs={"round_pk": round_.pk})
    query = _board_query(request)
    return f"{url}?{query}" if query else url


def _application_prefix() -> str:
    """The address of an application's page without its id: one ``reverse`` for the
    page, not one per row."""
    sample = reverse("selection:application", kwargs={"pk": 0})
    return sample.removesuffix("0/")


def _board_render(
    request: HttpRequest,
    round_: Round,
    bulk_form: BulkDecisionForm,
    *,
    selected: frozenset[int] = frozenset(),
    seen: dict[str, dict[int, str]] | None = None,
    gaps: list[ReviewGap] | None = None,
) -> HttpResponse:
    """The board; after a refused bulk decision, with the boxes still ticked, the versions
    the person saw (``seen``), and the files lacking reviews to confirm (``gaps``)."""
    filters = _filters(request)
    refused = bool(selected or seen or gaps or bulk_form.is_bound)
    if refused:
        content = _board_content(request, round_, filters, selected, seen or {}, bulk=False)
    else:
        content = public_data(
            kept_name("board", round_.pk, request.GET.urlencode()),
            lambda: _board_content(request, round_, filters, selected, {}, bulk=True),
        ).value
    context: dict[str, Any] = {
        "title": _("Sélection — session %(number)s") % {"number": round_.number},
        "round": round_,
        "filters_html": mark_safe(content["filters"]),  # noqa: S308 (our own template's HTML)
        "results_html": mark_safe(content["results"]),  # noqa: S308
        "withdrawn_html": mark_safe(content["withdrawn"]),  # noqa: S308
        "bulk_html": mark_safe(content["bulk"]),  # noqa: S308
        "total": content["total"],
        "application_prefix": _application_prefix(),
        "board_query": _board_query(request),
        "bulk_form": bulk_form,
        "gaps": gaps or [],
        "disagreement_spread": DISAGREEMENT_SPREAD,
    }
    return render(request, BOARD_TEMPLATE, context)


def _sort_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Ordre de dépôt")),
        ("-mean", _("Moyenne décroissante")),
        ("mean", _("Moyenne croissante")),
        ("-median", _("Médiane décroissante")),
        ("-spread", _("Écart décroissant")),
    ]


def _board_content(
    request: HttpRequest,
    round_: Round,
    filters: BoardFilters,
    selected: frozenset[int],
    seen: dict[str, dict[int, str]],
    *,
    bulk: bool,
) -> dict[str, Any]:
    """The HTML of the board's filters, page of rows, withdrawn applications and (``bulk``)
    empty bulk form, with the number of rows the filters select: the same for the whole
    team, unless a refused decision left its ticks (``selected``), the versions it saw
    (``seen``) and its form with what was typed (then rendered around them, not here)."""
    board = selectors.board_page(round_, filters, request.GET.get("page"))

    def _seen(kind: str, candidacy_pk: int, decision: selectors.BoardDecision | None) -> str:
        return seen.get(kind, {}).get(candidacy_pk, decision_version(decision))

    lines = [
        {
            "row": row,
            "selected": row.pk in selected,
            "screening_version": _seen(DecisionKind.SCREENING, row.pk, row.screening),
            "committee_version": _seen(DecisionKind.COMMITTEE, row.pk, row.committee),
        }
        for row in board.lines
    ]
    total = board.page.paginator.count
    context = {
        "round": round_,
        "filters": filters,
        "sort_choices": _sort_choices(),
        "rows": board.lines,
        "lines": lines,
        "page_obj": board.page,
        "total": total,
        "withdrawn_rows": board.withdrawn,
        "withdrawn_total": board.withdrawn_total,
        "application_prefix": _application_prefix(),
    }
    empty_form = context | {"bulk_form": BulkDecisionForm(), "gaps": []}
    return {
        "filters": kept_content(request, BOARD_TEMPLATE, context, "filters"),
        "results": kept_content(request, BOARD_TEMPLATE, context, "results"),
        "withdrawn": kept_content(request, BOARD_TEMPLATE, context, "withdrawn"),
        "bulk": kept_content(request, BOARD_TEMPLATE, empty_form, "bulk") if bulk else "",
        "total": total,
    }


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _refused(request: HttpRequest) -> None:
    messages.error(request, _("La décision groupée n’a pas été enregistrée : voir le formulaire."))


@require_POST
@staff_required
def bulk_decide(request: AuthenticatedRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    form = BulkDecisionForm(request.POST)
    if request.POST.get("scope") == SCOPE_FILTERED:
        return _bulk_decide_filtered(request, round_, form)
    candidacies = list(
        staff_candidacies()
        .filter(round=round_, pk__in=_ids(request, "candidacies"))
        .select_related("candidate__user")
        .order_by("pk")
    )
    selected = frozenset(candidacy.pk for candidacy in candidacies)
    seen = _posted_versions(request)
    if not candidacies:
        form.add_error(None, _("Cochez au moins une candidature."))
    if not form.is_valid() or not candidacies:
        _refused(request)
        return _board_render(request, round_, form, selected=selected, seen=seen)
    action = form.cleaned_data["action"]
    kind = (
        DecisionKind.SCREENING if action in ("eligible", "ineligible") else DecisionKind.COMMITTEE
    )
    expected = {pk: seen[kind].get(pk, "") for pk in selected}
    try:
        if kind == DecisionKind.SCREENING:
            count = screening.screening_decide_bulk(
                candidacies=candidacies,
                eligible=action == "eligible",
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                by=request.user,
                expected_versions=expected,
            )
        else:
            confirmed = (
                _ids(request, "reviews_confirmed")
                if form.cleaned_data["confirm_missing_reviews"]
                else []
            )
            count = committee.committee_decide_bulk(
                candidacies=candidacies,
                joins_pool=action == "pool",
                comment=form.cleaned_data["comment"],
                by=request.user,
                expected_versions=expected,
                missing_reviews_confirmed=confirmed,
            )
    except DomainError as error:
        messages.error(request, _("Rien n’a été enregistré : %(error)s") % {"error": error.message})
        gaps = None
        if isinstance(error, DecisionChanged):
            # Show what the others decided; sending the form again replaces it.
            for pk in error.candidacy_ids:
                seen[kind].pop(pk, None)
        if isinstance(error, ReviewsMissing):
            gaps = error.gaps
        return _board_render(request, round_, form, selected=selected, seen=seen, gaps=gaps)
    messages.success(
        request, plural(count, _("{n} décision enregistrée."), _("{n} décisions enregistrées."))
    )
    return redirect(_board_url(round_, request))


def _will_be(count: int, action: str, reason: object) -> str:
    """« 12 candidatures seront déclarées recevables. »"""
    if action == "eligible":
        return plural(
            count,
            _("{n} candidature sera déclarée recevable."),
            _("{n} candidatures seront déclarées recevables."),
        )
    if action == "ineligible":
        return plural(
            count,
            _("{n} candidature sera déclarée non recevable (motif : {reason})."),
            _("{n} candidatures seront déclarées non recevables (motif : {reason})."),
            reason=reason,
        )
    if action == "pool":
        return plural(
            count,
            _("{n} candidature rejoindra le vivier (décision du comité)."),
            _("{n} candidatures rejoindront le vivier (décision du comité)."),
        )
    return plural(
        count,
        _("{n} candidature ne sera pas retenue (décision du comité)."),
        _("{n} candidatures ne seront pas retenues (décision du comité)."),
    )


def _confirmation_render(
    request: HttpRequest,
    round_: Round,
    form: BulkDecisionForm,
    selection: board_services.FilteredSelection,
    confirm_form: FilteredConfirmForm | None = None,
) -> HttpResponse:
    """The count of « toute la sélection filtrée », to confirm: nothing is written yet."""
    data = form.cleaned_data
    confirm_form = confirm_form or FilteredConfirmForm(
        initial={
            "expected_count": selection.count,
            "fingerprint": selection.fingerprint,
            "shown_at": timezone.now().isoformat(),
        }
    )
    return render(
        request,
        "selection/review/bulk_confirm.html",
        {
            "title": _("Confirmer la décision groupée"),
            "round": round_,
            "form": form,
            "confirm_form": confirm_form,
            "selection": selection,
            "will_be": _will_be(selection.count, data["action"], data["reason"]),
            "replaced": selection.replaced,
            "gaps_shown": selection.gaps[: settings.PAGE_SIZE],
            "board_url": _board_url(round_, request),
            "board_query": _board_query(request),
        },
    )


def _bulk_decide_filtered(
    request: AuthenticatedRequest, round_: Round, form: BulkDecisionForm
) -> HttpResponse:
    """A bulk decision on every application the filters select, on every page: first
    its count to confirm (nothing written), then, once confirmed, the decision."""
    if not form.is_valid():
        _refused(request)
        return _board_render(request, round_, form)
    filters = _filters(request)
    action = form.cleaned_data["action"]
    if "confirmed" not in request.POST:
        selection = board_services.filtered_selection(round_=round_, filters=filters, action=action)
        if not selection.count:
            form.add_error(None, _("Aucune candidature ne correspond aux filtres."))
            _refused(request)
            return _board_render(request, round_, form)
        return _confirmation_render(request, round_, form, selection)
    confirm_form = FilteredConfirmForm(request.POST)
    if not confirm_form.is_valid():
        _refused(request)
        return _board_render(request, round_, form)
    confirmed = confirm_form.cleaned_data
    try:
        count = board_services.board_decide_filtered(
            round_=round_,
            filters=filters,
            action=action,
            by=request.user,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
            expected_count=confirmed["expected_count"],
            expected_fingerprint=confirmed["fingerprint"],
            missing_reviews_confirmed=confirmed["confirm_missing_reviews"],
            shown_at=confirmed["shown_at"],
        )
    except ReviewsMissing as error:
        confirm_form.add_error("confirm_missing_reviews", error.message)
        selection = board_services.filtered_selection(round_=round_, filters=filters, action=action)
        return _confirmation_render(request, round_, form, selection, confirm_form)
    except DomainError as error:
        messages.error(request, _("Rien n’a été enregistré : %(error)s") % {"error": error.message})
        return _board_render(request, round_, form)
    messages.success(
        request, plural(count, _("{n} décision enregistrée."), _("{n} décisions enregistrées."))
    )
    return redirect(_board_url(round_, request))


# One application: screening and committee
def _refreshed[F: ScreeningForm | CommitteeForm](
    form: F, posted: QueryDict, candidacy: Candidacy, kind: str, error: DomainError
) -> F:
    """The same answers, now against the decision someone else recorded meanwhile: the
    person sees it above the form, and sending the form again replaces it."""
    data = posted.copy()
    current = Decision.objects.filter(candidacy=candidacy, kind=kind).first()
    data[form.add_prefix("version")] = decision_version(current)
    refreshed = type(form)(data, prefix=form.prefix)
    refreshed.is_valid()
    refreshed.add_error(None, error.message)
    return refreshed


@require_POST
@staff_required
def screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = staff_candidacy(pk)
    form = ScreeningForm(request.POST, prefix="screening")
    if form.is_valid():
        try:
            screening.screening_decide(
                candidacy=candidacy,
                eligible=form.cleaned_data["eligibility"] == "eligible",
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except DecisionChanged as error:
            form = _refreshed(form, request.POST, candidacy, DecisionKind.SCREENING, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La recevabilité est enregistrée."))
            return redirect("selection:application", pk=candidacy.pk)
    return application_render(request, candidacy, screening_form=form)


@require_POST
@staff_required
def committee_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = staff_candidacy(pk)
    form = CommitteeForm(request.POST, prefix="committee")
    if form.is_valid():
        try:
            committee.committee_decide(
                candidacy=candidacy,
                joins_pool=form.cleaned_data["outcome"] == "pool",
                comment=form.cleaned_data["comment"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except DecisionChanged as error:
            form = _refreshed(form, request.POST, candidacy, DecisionKind.COMMITTEE, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La décision du comité est enregistrée."))
            return redirect("selection:application", pk=candidacy.pk)
    return application_render(request, candidacy, committee_form=form)


# Publication
@staff_required
def publish(request: AuthenticatedRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        confirmed = (
            _ids(request, "reviews_confirmed")
            if form.cleaned_data["confirm_missing_reviews"]
            else []
        )
        try:
            count = committee.round_decisions_publish(
                round_=round_, by=request.user, missing_reviews_confirmed=confirmed
            )
        except ReviewsMissing as error:
            form.add_error("confirm_missing_reviews", error.message)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if count:
                messages.success(
                    request,
                    plural(
                        count,
                        _("{n} décision publiée : l’e-mail part."),
                        _("{n} décisions publiées : les e-mails partent."),
                    ),
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
            "form": form,
            "counts": [(labels[outcome], count) for outcome, count in summary.counts.items()],
        },
    )
