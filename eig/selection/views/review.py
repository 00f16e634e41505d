"""File reviews: the staff page of one application (reviews, assignment, conflicts), the
automatic assignment, and the reviewers' space (their reviews, their conflicts)."""

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required, staff_required
from eig.accounts.enums import Role
from eig.candidacies.models import Candidacy
from eig.core.errors import DomainError
from eig.core.french import plural
from eig.core.pagination import page_for
from eig.core.public_cache import kept_name, public_content, public_content_page
from eig.programmes.models import Round
from eig.selection.enums import ReviewStage
from eig.selection.forms.review import (
    AssignForm,
    ConflictForm,
    ConflictSearchForm,
    ReviewForm,
    StaffConflictForm,
)
from eig.selection.models import Review
from eig.selection.selectors import review as selectors
from eig.selection.services import reviews
from eig.selection.services.reviews import ScoreInput
from eig.selection.views.application import application_render, staff_candidacy

REVIEWER_HOME_TEMPLATE = "selection/review/reviewer_home.html"


def reviewers_only[V: Callable[..., HttpResponseBase]](view: V) -> V:
    return cast(
        V, role_required(Role.REVIEWER, Role.STAFF)(cast(Callable[..., HttpResponse], view))
    )


@require_safe
@staff_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return application_render(request, staff_candidacy(pk))


@require_POST
@staff_required
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = staff_candidacy(pk)
    form = AssignForm(request.POST, prefix="assign")
    if form.is_valid():
        try:
            reviews.review_assign(
                candidacy=candidacy, reviewer=form.cleaned_data["reviewer"], by=request.user
            )
        except DomainError as error:
            form.add_error("reviewer", error.message)
        else:
            messages.success(request, _("L’évaluateur·rice est ajouté·e."))
            return redirect("selection:application", pk=candidacy.pk)
    return application_render(request, candidacy, assign_form=form)


@require_POST
@staff_required
def unassign(request: AuthenticatedRequest, pk: int, review_pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=review_pk, candidacy_id=pk, stage=ReviewStage.FILE)
    try:
        reviews.review_unassign(review=review, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L’évaluation est retirée."))
    return redirect("selection:application", pk=pk)


@require_POST
@staff_required
def conflict_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = staff_candidacy(pk)
    form = StaffConflictForm(request.POST, prefix="conflict")
    if form.is_valid():
        try:
            reviews.conflict_declare(
                reviewer=form.cleaned_data["reviewer"],
                candidate=candidacy.candidate,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le conflit d’intérêts est enregistré."))
            return redirect("selection:application", pk=candidacy.pk)
    return application_render(request, candidacy, conflict_form=form)


# Staff: automatic assignment
@staff_required
def assignment(request: AuthenticatedRequest, round_pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("promotion__programme"), pk=round_pk)
    everyone = list(selectors.reviewers_for_assignment())
    data = request.POST if request.method == "POST" else request.GET
    if "reviewers" in data:
        chosen = {int(value) for value in data.getlist("reviewers") if value.isdigit()}
    else:
        chosen = {user.pk for user in everyone if user.role == Role.REVIEWER}
    reviewer_ids = [user.pk for user in everyone if user.pk in chosen]
    if request.method == "POST":
        try:
            plan = reviews.assignment_apply(
                round_=round_, reviewer_ids=reviewer_ids, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                plural(
                    len(plan.pairs),
                    _("{n} évaluation attribuée."),
                    _("{n} évaluations attribuées."),
                ),
            )
            return redirect("selection:board", round_pk=round_.pk)
    plan = reviews.assignment_plan_for_round(round_=round_, reviewer_ids=reviewer_ids)
    users = {user.pk: user for user in everyone}
    # The plan covers the whole round; a page shows 50 of its pairs (and of the files
    # short of reviewers), and only those pages' applications are read.
    pairs_page = page_for(request, plan.pairs)
    short_page = page_for(request, list(plan.short.items()), parameter="page_manquantes")
    shown = [pair[0] for pair in pairs_page.object_list] + [
        candidacy_id for candidacy_id, _missing in short_page.object_list
    ]
    candidacies = Candidacy.objects.select_related("candidate__user").in_bulk(shown)
    return render(
        request,
        "selection/review/assignment.html",
        {
            "title": _("Attribution automatique des évaluations"),
            "round": round_,
            "everyone": everyone,
            "chosen": chosen,
            "pairs": [(candidacies[c], users[r]) for c, r in pairs_page.object_list],
            "pairs_page": pairs_page,
            "loads": [(users[r], load) for r, load in plan.loads.items()],
            "short": [(candidacies[c], missing) for c, missing in short_page.object_list],
            "short_page": short_page,
            "per_candidacy": round_.promotion.programme.reviews_per_candidacy,
        },
    )


# Reviewers' space
@require_safe
@reviewers_only
def reviewer_home(request: AuthenticatedRequest) -> HttpResponseBase:
    """The reviewer's files and rounds, rendered once per change of the recorded data for
    each reviewer, day and page."""
    title = _("Mes évaluations")
    content = public_content(
        request,
        kept_name("reviewer-home", request.user.pk, timezone.localdate(), request.GET.urlencode()),
        REVIEWER_HOME_TEMPLATE,
        lambda: _reviewer_home_context(request, title),
    )
    return public_content_page(
        request, [content], REVIEWER_HOME_TEMPLATE, {"title": title}, content.value
    )


def _reviewer_home_context(request: AuthenticatedRequest, title: str) -> dict[str, Any]:
    page = page_for(request, selectors.reviewer_review_list(request.user))
    return {
        "title": title,
        "reviews": list(page.object_list),
        "page_obj": page,
        "rounds": selectors.reviewer_rounds(request.user),
    }


def _scores_from(form: ReviewForm) -> dict[int, ScoreInput]:
    return {
        criterion.pk: ScoreInput(
            value=form.cleaned_data.get(f"score_{criterion.pk}"),
            comment=form.cleaned_data.get(f"comment_{criterion.pk}") or "",
        )
        for criterion in form.criteria
    }


def _initial(review: Review) -> dict[str, Any]:
    initial: dict[str, Any] = {"recommendation": review.recommendation, "comment": review.comment}
    for score in review.scores.all():
        initial[f"score_{score.criterion_id}"] = score.value
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


@reviewers_only
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A reviewer's page on an application assigned to them (any other: 404)."""
    own = selectors.reviewer_review_get(request.user, pk)
    candidacy = own.candidacy
    criteria = reviews.file_criteria(candidacy.round)
    form = ReviewForm(request.POST or None, criteria=criteria, initial=_initial(own))
    if request.method == "POST" and own.submitted_at is None and form.is_valid():
        # Submitting cannot be undone: the answers are kept as a draft, then the reviewer
        # confirms on the next page.
        submit = request.POST.get("action") == "submit"
        try:
            reviews.review_save(
                review=own,
                by=request.user,
                scores=_scores_from(form),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                submit=False,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if submit:
                return redirect("selection:review_submit", pk=candidacy.pk)
            messages.success(request, _("Le brouillon est enregistré."))
            return redirect("selection:review", pk=candidacy.pk)
    anonymous = candidacy.round.anonymous_file_review
    others = selectors.reviews_visible_besides(own)
    return render(
        request,
        "selection/review/review.html",
        {
            "title": _("Évaluation du dossier"),
            "review": own,
            "candidacy": candidacy,
            "candidate": candidacy.candidate,
            "anonymous": anonymous,
            "file": selectors.review_file(candidacy),
            "choices": list(candidacy.choices.select_related("challenge__organisation")),
            "form": form,
            "own_scores": list(own.scores.select_related("criterion")),
            "others": [(other, selectors.review_mean(other.scores.all())) for other in others],
        },
    )


@reviewers_only
def review_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation before a review is submitted for good (GET shows, POST submits)."""
    own = selectors.reviewer_review_get(request.user, pk)
    if own.submitted_at is not None:
        messages.info(request, _("Cette évaluation est déjà rendue."))
        return redirect("selection:review", pk=pk)
    error = ""
    if request.method == "POST":
        try:
            reviews.review_submit(review=own, by=request.user)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("Votre évaluation est rendue."))
            return redirect("selection:review", pk=pk)
    return render(
        request,
        "selection/review/review_submit.html",
        {
            "title": _("Rendre l’évaluation"),
            "review": own,
            "candidacy": own.candidacy,
            "own_scores": list(own.scores.select_related("criterion")),
            "error": error,
        },
    )


@require_safe
@reviewers_only
def review_cv(request: AuthenticatedRequest, pk: int) -> FileResponse:
    own = selectors.reviewer_review_get(request.user, pk)
    candidate = own.candidacy.candidate
    if own.candidacy.round.anonymous_file_review or not candidate.cv:
        raise Http404
    return FileResponse(candidate.cv.open("rb"), as_attachment=True, filename="cv.pdf")


# Conflicts are declared by name, the one place where a reviewer of a blind round types a
# name: only exact matches are shown, and lookups are counted so that names cannot be
# tried in bulk (settings.EIG_CONFLICT_SEARCH_LIMIT per hour, in the shared cache).
CONFLICT_SEARCH_WINDOW = 3600  # seconds


def _conflict_lookup_allowed(user: Any) -> bool:
    key = f"eig_conflict_search_{user.pk}"
    cache.add(key, 0, timeout=CONFLICT_SEARCH_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between the two calls
        cache.set(key, 1, timeout=CONFLICT_SEARCH_WINDOW)
        count = 1
    return count <= settings.EIG_CONFLICT_SEARCH_LIMIT


@reviewers_only
def conflicts(request: AuthenticatedRequest, round_pk: int) -> HttpResponse:
    """A reviewer declares their conflicts for a round without seeing its candidates: they
    type a person's full name, and see only an exact match, which they may declare."""
    round_ = get_object_or_404(Round.objects.select_related("promotion"), pk=round_pk)
    search_form = ConflictSearchForm(request.GET if "nom" in request.GET else None)
    declare_form: ConflictForm | None = None
    name = ""
    status = 200
    throttled = False
    if request.method == "POST":
        declare_form = ConflictForm(request.POST)
        name = request.POST.get("nom", "").strip()
        search_form = ConflictSearchForm(initial={"nom": name})
    elif search_form.is_bound and search_form.is_valid():
        name = search_form.cleaned_data["nom"].strip()
    if name and not _conflict_lookup_allowed(request.user):
        throttled, name, status = True, "", 429
    elif declare_form is not None and declare_form.is_valid():
        try:
            declared = reviews.conflict_declare_by_name(
                reviewer=request.user,
                round_=round_,
                name=name,
                reason=declare_form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Votre conflit d’intérêts avec %(name)s est enregistré.")
                % {"name": declared[0].candidate.user.get_full_name()},
            )
            return redirect("selection:conflicts", round_pk=round_.pk)
    named = selectors.round_candidates_named(round_, name) if name else []
    conflicts = list(selectors.reviewer_conflicts(request.user))
    declared_ids = {conflict.candidate_id for conflict in conflicts}
    to_declare = [candidate for candidate in named if candidate.pk not in declared_ids]
    if to_declare and declare_form is None:
        declare_form = ConflictForm(initial={"nom": name})
    return render(
        request,
        "selection/review/conflicts.html",
        {
            "title": _("Déclarer mes conflits d’intérêts"),
            "round": round_,
            "search_form": search_form,
            "searched": name,
            "throttled": throttled,
            "named": named,
            "to_declare": to_declare,
            "declare_form": declare_form if to_declare else None,
            "conflicts": conflicts,
        },
        status=status,
    )
