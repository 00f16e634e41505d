"""The programme team's page of one application: its screening, committee, reviewers
and conflicts forms post to the screening and review views, which render it again."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from eig.candidacies.models import Candidacy
from eig.candidacies.selectors.staff import staff_candidacies
from eig.selection.forms.review import AssignForm, CommitteeForm, ScreeningForm, StaffConflictForm
from eig.selection.models import Conflict, Review
from eig.selection.scores import DISAGREEMENT_SPREAD
from eig.selection.selectors import review as selectors
from eig.selection.services import reviews
from eig.selection.services.screening import decision_version


def staff_candidacy(pk: int) -> Candidacy:
    """The application a staff page is about, with what its header shows."""
    return get_object_or_404(
        staff_candidacies().select_related("round__promotion__programme", "candidate__user"),
        pk=pk,
    )


def scores_of(review: Review) -> dict[int, Any]:
    return {score.criterion_id: score for score in review.scores.all()}


def application_render(
    request: HttpRequest,
    candidacy: Candidacy,
    *,
    screening_form: ScreeningForm | None = None,
    committee_form: CommitteeForm | None = None,
    assign_form: AssignForm | None = None,
    conflict_form: StaffConflictForm | None = None,
) -> HttpResponse:
    row = selectors.board_row(candidacy)
    criteria = reviews.file_criteria(candidacy.round)
    initial_screening = {}
    if row.screening:
        initial_screening = {
            "eligibility": row.screening.outcome,
            "reason": row.screening.reason_id,
            "comment": row.screening.comment,
        }
    initial_screening["version"] = decision_version(row.screening)
    initial_committee = (
        {"outcome": row.committee.outcome, "comment": row.committee.comment}
        if row.committee
        else {}
    )
    initial_committee["version"] = decision_version(row.committee)
    context: dict[str, Any] = {
        "title": _("Sélection : %(name)s") % {"name": candidacy.candidate.user.get_full_name()},
        "candidacy": candidacy,
        "row": row,
        "criteria": criteria,
        "review_rows": [
            (review, [scores_of(review).get(criterion.pk) for criterion in criteria])
            for review in row.reviews
        ],
        "conflicts": Conflict.objects.filter(candidate_id=candidacy.candidate_id).select_related(
            "reviewer"
        ),
        "screening_form": screening_form
        or ScreeningForm(initial=initial_screening, prefix="screening"),
        "committee_form": committee_form
        or CommitteeForm(initial=initial_committee, prefix="committee"),
        "assign_form": assign_form or AssignForm(prefix="assign"),
        "conflict_form": conflict_form or StaffConflictForm(prefix="conflict"),
        "published": any(d.published_at for d in (row.screening, row.committee) if d is not None),
        "withdrawn": row.withdrawn,
        "disagreement_spread": DISAGREEMENT_SPREAD,
    }
    return render(request, "selection/review/application.html", context)
