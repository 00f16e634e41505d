"""Bulk decisions on « toute la sélection filtrée » of the Sélection board: every
application that matches the board's filters, on every page.

The person first sees how many applications the decision will touch (nothing is
written), then confirms. The confirmation carries that count and a fingerprint of what
it was shown (the applications, the version of their decisions of the kind decided,
and, for the committee, the files lacking reviews); the decision applies the filters
again under lock and is refused when either changed meanwhile.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.core.errors import DomainError
from eig.core.french import plural
from eig.programmes.models import Round
from eig.selection.enums import DecisionKind
from eig.selection.models import Decision, IneligibilityReason
from eig.selection.selectors.review import (
    BoardFilters,
    ReviewGap,
    board_applications,
    board_selection,
    review_gaps,
)
from eig.selection.services.committee import ReviewsMissing, committee_decide_bulk
from eig.selection.services.screening import (
    decision_changed_sentence,
    decision_version,
    screening_decide_bulk,
)

ACTION_KINDS = {
    "eligible": DecisionKind.SCREENING,
    "ineligible": DecisionKind.SCREENING,
    "pool": DecisionKind.COMMITTEE,
    "not_retained": DecisionKind.COMMITTEE,
}
# Named in a refusal at most; the others are counted.
NAMED_AT_MOST = 10


def action_kind(action: str) -> str:
    try:
        return ACTION_KINDS[action]
    except KeyError:
        raise DomainError("Décision groupée inconnue.") from None


@dataclass(frozen=True)
class FilteredSelection:
    """What a bulk decision on the filtered selection would touch, as confirmed."""

    kind: str
    ids: list[int]
    replaced: int  # applications that already have a decision of ``kind``
    fingerprint: str
    gaps: list[ReviewGap] = field(default_factory=list)  # committee: files lacking reviews

    @property
    def count(self) -> int:
        return len(self.ids)


def filtered_selection(*, round_: Round, filters: BoardFilters, action: str) -> FilteredSelection:
    """The applications the board lists under ``filters``, on every page, for ``action``
    (three queries, four for a committee decision)."""
    kind = action_kind(action)
    ids = sorted(board_selection(round_, filters).values_list("pk", flat=True))
    versions = {
        decision.candidacy_id: decision_version(decision)
        for decision in Decision.objects.filter(candidacy_id__in=ids, kind=kind).only(
            "candidacy_id", "decided_at"
        )
    }
    gaps = []
    if kind == DecisionKind.COMMITTEE and ids:
        gaps = review_gaps(Candidacy(pk=pk) for pk in ids)
    digest = hashlib.sha256(kind.encode())
    for pk in ids:
        digest.update(f"{pk}:{versions.get(pk, '')};".encode())
    for gap in gaps:
        digest.update(f"gap {gap.candidacy.pk}:{gap.done}/{gap.assigned};".encode())
    return FilteredSelection(
        kind=kind,
        ids=ids,
        replaced=len(versions),
        fingerprint=digest.hexdigest()[:32],
        gaps=gaps,
    )


def _changed_since(ids: list[int], kind: str, shown_at: datetime.datetime | None) -> str:
    """The decisions of ``kind`` recorded on ``ids`` since ``shown_at``, in sentences."""
    if shown_at is None:
        return ""
    changed = list(
        Decision.objects.filter(candidacy_id__in=ids, kind=kind, decided_at__gt=shown_at)
        .select_related("candidacy__candidate__user", "decided_by")
        .order_by("decided_at", "pk")
    )
    sentences = [
        decision_changed_sentence(decision.candidacy, kind, decision)
        for decision in changed[:NAMED_AT_MOST]
    ]
    if len(changed) > NAMED_AT_MOST:
        rest = len(changed) - NAMED_AT_MOST
        sentences.append(plural(rest, "Et {n} autre décision.", "Et {n} autres décisions."))
    return " ".join(sentences)


@transaction.atomic
def board_decide_filtered(
    *,
    round_: Round,
    filters: BoardFilters,
    action: str,
    by: User,
    expected_count: int,
    expected_fingerprint: str,
    reason: IneligibilityReason | None = None,
    comment: str = "",
    missing_reviews_confirmed: bool = False,
    shown_at: datetime.datetime | None = None,
) -> int:
    """Record ``action`` on every application the board lists under ``filters``, as the
    person confirmed it (``expected_count`` applications, ``expected_fingerprint``):
    all or none. Returns how many were decided."""
    require_staff(by)
    kind = action_kind(action)
    Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    # Lock every application the filters could name, in id order as every bulk decision
    # does, before reading the selection again: decisions and review figures change
    # only under that lock.
    list(
        board_applications(round_)
        .exclude(status=CandidacyStatus.WITHDRAWN)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    current = filtered_selection(round_=round_, filters=filters, action=action)
    if current.count != expected_count:
        raise DomainError(
            plural(
                current.count,
                "la sélection filtrée compte maintenant {n} candidature",
                "la sélection filtrée compte maintenant {n} candidatures",
            )
            + f", et non plus {expected_count} comme à la confirmation ; des décisions ou des "
            "évaluations ont changé entre-temps. Vérifiez le tableau, puis confirmez de nouveau."
        )
    if current.fingerprint != expected_fingerprint:
        changed = _changed_since(current.ids, kind, shown_at)
        raise DomainError(
            (changed + " " if changed else "")
            + "La sélection filtrée a changé depuis la confirmation (autres candidatures, "
            "décisions ou évaluations). Vérifiez le tableau, puis confirmez de nouveau."
        )
    if not current.ids:
        raise DomainError("Aucune candidature ne correspond aux filtres.")
    candidacies = list(
        Candidacy.objects.filter(pk__in=current.ids)
        .select_related("candidate__user")
        .order_by("pk")
    )
    if kind == DecisionKind.SCREENING:
        return screening_decide_bulk(
            candidacies=candidacies,
            eligible=action == "eligible",
            reason=reason,
            comment=comment,
            by=by,
        )
    if current.gaps and not missing_reviews_confirmed:
        raise ReviewsMissing(
            plural(
                len(current.gaps),
                "{n} dossier n’a pas toutes ses évaluations",
                "{n} dossiers n’ont pas toutes leurs évaluations",
            )
            + " : confirmez la décision du comité sans elles, ou attendez les évaluations.",
            gaps=current.gaps,
        )
    return committee_decide_bulk(
        candidacies=candidacies,
        joins_pool=action == "pool",
        comment=comment,
        by=by,
        missing_reviews_confirmed=[gap.candidacy.pk for gap in current.gaps],
    )
