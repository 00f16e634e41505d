"""The programme team's dashboard: the current promotion at a glance.

One page answers "where are we?": places filled under the cap, the promotion's défis
and applications by status (per round, so each figure opens the filtered list),
the contracts ending soon (whatever their promotion: that is where a renewal must be
decided) and the rounds' deadlines.

It runs a fixed number of queries whatever the volume of data: counts come from
``values().annotate()`` aggregates, the contracts' rows from one ``select_related``
query, never from one query per row.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.candidacies.selectors.staff import STAFF_STATUSES, staff_candidacies
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.contracts.models import Contract
from eig.contracts.selectors.offers import Places, promotion_places
from eig.programmes.models import Promotion, Round
from eig.programmes.selectors import current_programme, current_promotion, round_list
from eig.selection.selectors.matching import ChoiceCounts, choice_counts_by_promotion

# A contract ending within this many days needs its renewal decided (the reminders
# start at 90 days too: eig/contracts/enums.py RENEWAL_REMINDER_DAYS).
ENDING_WITHIN_DAYS = 90
# The ending contracts listed on the page; the total is always given.
ENDING_LISTED = 20

# The dates of a round, in the order they come.
ROUND_MILESTONES = (
    ("challenge_deadline", _("date limite de dépôt des défis")),
    ("application_deadline", _("date limite des candidatures")),
    ("committee_on", _("comité de sélection")),
    ("starts_on", _("prise de poste")),
)


@dataclass(frozen=True)
class RoundCount:
    """How many rows of one status one round holds (``round`` None: attached to no round)."""

    round: Round | None
    count: int


@dataclass(frozen=True)
class StatusLine:
    value: str
    label: Any
    total: int
    per_round: list[RoundCount]


@dataclass(frozen=True)
class Deadline:
    round: Round
    label: Any
    day: datetime.date
    days_left: int


@dataclass(frozen=True)
class ProgrammeDashboard:
    today: datetime.date
    promotion: Promotion | None = None
    places: Places | None = None
    rounds: list[Round] = field(default_factory=list)
    next_deadline: Deadline | None = None
    challenge_statuses: list[StatusLine] = field(default_factory=list)
    # True when some défis of the promotion have no round (the imported history).
    challenges_without_round: bool = False
    candidacy_statuses: list[StatusLine] = field(default_factory=list)
    ending_contracts: list[Contract] = field(default_factory=list)
    ending_count: int = 0
    ending_until: datetime.date | None = None
    # Where the published matchings of the promotion placed people (1st, 2nd, further).
    matching: ChoiceCounts | None = None

    @property
    def challenges_total(self) -> int:
        return sum(line.total for line in self.challenge_statuses)

    @property
    def candidacies_total(self) -> int:
        return sum(line.total for line in self.candidacy_statuses)

    @property
    def next_round_id(self) -> int | None:
        return self.next_deadline.round.pk if self.next_deadline else None

    @property
    def ending_more(self) -> int:
        return self.ending_count - len(self.ending_contracts)


def _counts_by_round(rows: Any, rounds: list[Round]) -> dict[tuple[int | None, str], int]:
    """``{(round id, status): count}`` from ``values("round_id", "status")`` rows; a row of
    no round of the promotion (the imported history has none) is counted under None."""
    round_ids = {round_.pk for round_ in rounds}
    counts: dict[tuple[int | None, str], int] = {}
    for row in rows:
        key = (row["round_id"] if row["round_id"] in round_ids else None, row["status"])
        counts[key] = counts.get(key, 0) + row["count"]
    return counts


def _status_lines(
    statuses: list[Any], counts: dict[tuple[int | None, str], int], columns: list[Round | None]
) -> list[StatusLine]:
    """One line per status, zeros included, with a cell per column (a round, or None)."""
    lines = []
    for status in statuses:
        per_round = [
            RoundCount(column, counts.get((column.pk if column else None, status.value), 0))
            for column in columns
        ]
        lines.append(
            StatusLine(
                value=status.value,
                label=status.label,
                total=sum(cell.count for cell in per_round),
                per_round=per_round,
            )
        )
    return lines


def _next_deadline(rounds: list[Round], today: datetime.date) -> Deadline | None:
    """The soonest date still to come among the rounds' deadlines (today included)."""
    upcoming = [
        Deadline(
            round=round_,
            label=label,
            day=getattr(round_, name),
            days_left=(getattr(round_, name) - today).days,
        )
        for round_ in rounds
        for name, label in ROUND_MILESTONES
        if getattr(round_, name) >= today
    ]
    return min(upcoming, key=lambda deadline: deadline.day, default=None)


def ending_contracts(*, today: datetime.date) -> tuple[list[Contract], int]:
    """The contracts ending between today and 90 days from now, soonest first (the 20
    first), and how many there are in all (two queries)."""
    window = Contract.objects.filter(
        end_date__gte=today, end_date__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    )
    listed = list(
        window.select_related("person", "challenge__organisation", "promotion").order_by(
            "end_date", "pk"
        )[:ENDING_LISTED]
    )
    return listed, window.count()


def programme_dashboard(*, today: datetime.date | None = None) -> ProgrammeDashboard:
    """The figures of the staff dashboard (at most nine queries, whatever the volume)."""
    day = today or timezone.localdate()
    contracts, ending_count = ending_contracts(today=day)
    ending_until = day + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    programme = current_programme()
    promotion = current_promotion(programme, day) if programme is not None else None
    if promotion is None:
        return ProgrammeDashboard(
            today=day,
            ending_contracts=contracts,
            ending_count=ending_count,
            ending_until=ending_until,
        )

    rounds = list(round_list(promotion))
    challenge_counts = _counts_by_round(
        Challenge.objects.filter(promotion=promotion)
        .values("round_id", "status")
        .annotate(count=Count("pk"))
        .order_by(),
        rounds,
    )
    candidacy_counts = _counts_by_round(
        staff_candidacies()
        .filter(round__promotion=promotion)
        .values("round_id", "status")
        .annotate(count=Count("pk"))
        .order_by(),
        rounds,
    )
    without_round = any(round_id is None for round_id, _status in challenge_counts)
    columns: list[Round | None] = list(rounds)
    return ProgrammeDashboard(
        today=day,
        promotion=promotion,
        places=promotion_places(promotion),
        rounds=rounds,
        next_deadline=_next_deadline(rounds, day),
        challenge_statuses=_status_lines(
            list(ChallengeStatus), challenge_counts, [*columns, None] if without_round else columns
        ),
        challenges_without_round=without_round,
        candidacy_statuses=_status_lines(STAFF_STATUSES, candidacy_counts, columns),
        ending_contracts=contracts,
        ending_count=ending_count,
        ending_until=ending_until,
        matching=choice_counts_by_promotion().get(promotion.pk),
    )
