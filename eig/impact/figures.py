"""The programme's impact figures, computed live from the platform's data.

What is counted (the « Méthodologie » of the Impact page says the same in French):

- EIGs: the imported historical participants (anonymous: their promotions ran before the
  platform, so their contracts have all started) plus the people with at least one
  contract that has started (``start_date`` on or before today, in Paris). A person
  whose only contract starts later is not counted yet. A person in two promotions counts
  in each of their promotions' rows and once in the total;
- promotions: the main promotions (``parent`` empty) whose first contract has started,
  that is with at least one EIG as counted above: an imported promotion counts through
  its historical participants, a new one from its first contract's first day. A
  promotion still to come (next year's, with its first public défis but nobody under
  contract yet) has its row in the breakdown but is not counted. A side promotion
  (« Promotion 3 - DIG ») is a row of the breakdown, labelled as an annex of its main
  promotion, and never counted as a promotion of its own;
- défis: the public défis (``Challenge.objects.public()``); administrations: the
  distinct administrations of those défis;
- the share of défis that carried on: among the completed défis whose outcome is known,
  those carried on in their administration; the completed défis with an unknown
  outcome are counted beside it, never guessed;
- the share of alumni in the public sector: one answer per respondent to the alumni
  survey (the latest: the 12-month wave over the 6-month one, then the latest answer;
  a survey whose person erased their account is its own respondent: the erasure keeps
  only that person's latest answer, ``eig.impact.surveys.alumni_surveys_anonymise``);
- a share computed over fewer answers than the programme's ``impact_min_answers`` is
  withheld (``None``), never shown as a misleading percentage;
- secondary suppression (the survey's answers are personal data, the défis' outcomes
  are not): a promotion under the threshold publishes neither its share, nor its count,
  nor its exact number of answers; and a share over several promotions (the whole
  programme, the comparison with the published figures) is withheld with its total when
  the promotions withheld in it add up to more than 0 and fewer than the threshold
  answers, since subtracting the published promotions would give them away.

Every figure is read with a fixed number of aggregate queries whatever the volume of
data (``values().annotate()``): never a query per promotion or per défi.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Challenge
from eig.contracts.models import Contract
from eig.impact.enums import Workplace
from eig.impact.models import AlumniPath, HistoricalParticipant
from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme
from eig.selection.selectors.matching import ChoiceCounts, choice_counts_by_promotion

# The figures the programme published at the end of 2023, over its first six
# promotions (docs: PRODUCT.md, « published impact »; the programme's press material).
PUBLISHED_SOURCE = _(
    "Chiffres publiés par le programme Entrepreneur·es d’intérêt général (DINUM), "
    "fin 2023, pour ses six premières promotions"
)
PUBLISHED_PROMOTION_NUMBERS = range(1, 7)
PUBLISHED_PROMOTIONS = 6
PUBLISHED_EIGS = 206
PUBLISHED_CHALLENGES = 101
PUBLISHED_ORGANISATIONS = 80
PUBLISHED_CARRIED_ON_PERCENT = 90  # « 90 % des défis sont pérennisés »
PUBLISHED_PUBLIC_SECTOR_PERCENT = 60  # « plus de 60 % des EIG restent dans le public »

PERCENT_STEP = Decimal("0.1")


def min_answers_setting(programme: Programme | None) -> int:
    """The threshold under which a share is withheld: the programme's, or the default."""
    if programme is not None:
        return programme.impact_min_answers
    default = Programme._meta.get_field("impact_min_answers").default
    return int(default)


@dataclass(frozen=True)
class Share:
    """``count`` out of ``base`` answers; withheld under ``min_answers`` answers, or when
    ``derivable``."""

    count: int
    base: int
    min_answers: int
    # Secondary suppression: withheld although over the threshold, because subtracting
    # the published promotions from it would give away the answers of promotions
    # withheld under the threshold.
    derivable: bool = False

    @property
    def enough(self) -> bool:
        return self.base > 0 and self.base >= self.min_answers

    @property
    def published(self) -> bool:
        return self.enough and not self.derivable

    @property
    def percent(self) -> Decimal | None:
        """The share in %, to one decimal place; None when it is withheld."""
        if not self.published:
            return None
        return (Decimal(self.count) * 100 / self.base).quantize(PERCENT_STEP, ROUND_HALF_UP)

    @property
    def rounded(self) -> int | None:
        """The share in whole %, as the page shows it."""
        percent = self.percent
        return int(percent.quantize(Decimal(1), ROUND_HALF_UP)) if percent is not None else None


@dataclass(frozen=True)
class PromotionFigures:
    """One row of the breakdown: a main promotion, or a side promotion beside its parent."""

    promotion_id: int
    label: str
    number: int
    year: int
    parent_label: str  # empty for a main promotion
    challenges: int
    organisations: int
    eigs: int
    outcomes_known: int
    carried_on: int
    outcomes_unknown: int
    alumni_respondents: int
    alumni_public_sector: int
    min_answers: int
    # People the published matchings placed, and those on one of their first two choices.
    matching_placed: int = 0
    matching_top_two: int = 0

    @property
    def is_side(self) -> bool:
        return bool(self.parent_label)

    @property
    def counts_as_promotion(self) -> bool:
        """A main promotion whose first contract has started: one with at least one EIG
        (historical participants count, their promotions ran before the platform)."""
        return not self.is_side and self.eigs > 0

    @property
    def carried_on_share(self) -> Share:
        return Share(self.carried_on, self.outcomes_known, self.min_answers)

    @property
    def top_two_choices_share(self) -> Share:
        """The share of the people placed by the matching on one of their first two choices."""
        return Share(self.matching_top_two, self.matching_placed, self.min_answers)

    @property
    def public_sector_share(self) -> Share:
        return Share(self.alumni_public_sector, self.alumni_respondents, self.min_answers)


@dataclass(frozen=True)
class ImpactFigures:
    promotions: int
    eigs: int
    challenges: int
    organisations: int
    outcomes_unknown: int
    carried_on_share: Share
    public_sector_share: Share
    min_answers: int
    rows: list[PromotionFigures]


@dataclass(frozen=True)
class Comparison:
    """One published figure beside the same figure computed from the platform's data."""

    key: str
    label: Any
    published: int
    # A count, or a share (withheld when there are not enough answers).
    computed: int | Share
    is_share: bool = False
    published_is_minimum: bool = False
    # A share of the alumni survey's answers (its withheld value reads « Pas assez de
    # réponses »), not of the défis (« Pas assez de données »).
    from_survey: bool = False

    @property
    def computed_value(self) -> int | None:
        if isinstance(self.computed, Share):
            return self.computed.rounded
        return self.computed

    @property
    def unknown(self) -> bool:
        """The computed share is withheld: it can be neither equal nor different."""
        return self.computed_value is None

    @property
    def differs(self) -> bool:
        value = self.computed_value
        if value is None:
            return False
        if self.published_is_minimum:
            return value <= self.published
        return value != self.published

    @property
    def matches(self) -> bool:
        return not self.unknown and not self.differs


def _withheld_answers(rows: Iterable[PromotionFigures]) -> int:
    """The survey's answers in the rows whose share is withheld under the threshold."""
    return sum(row.alumni_respondents for row in rows if not row.public_sector_share.enough)


def _derivable(withheld_answers: int, min_answers: int) -> bool:
    """Whether a total over rows would give away the answers withheld in them: their sum
    is what the total minus the published rows leaves, too few answers to publish."""
    return 0 < withheld_answers < min_answers


# The reads, one aggregate query each


def _latest_answers() -> Any:
    """The answered surveys that are each respondent's latest answer."""
    answered = AlumniPath.objects.exclude(answer="").filter(answered_at__isnull=False)
    later = answered.filter(person=OuterRef("person")).filter(
        Q(wave__gt=OuterRef("wave"))
        | Q(wave=OuterRef("wave"), answered_at__gt=OuterRef("answered_at"))
        | Q(wave=OuterRef("wave"), answered_at=OuterRef("answered_at"), pk__gt=OuterRef("pk"))
    )
    # A survey without person (account erased) never matches ``person=NULL``: it stays
    # its own respondent.
    return answered.filter(~Exists(later))


def _by_promotion(rows: Iterable[Mapping[str, Any]]) -> dict[Any, dict[str, int]]:
    """Aggregate rows keyed by their promotion's id (None for défis without promotion)."""
    return {
        row["promotion"]: {key: int(value) for key, value in row.items() if key != "promotion"}
        for row in rows
    }


def _challenge_counts() -> dict[Any, dict[str, int]]:
    completed = Q(status=ChallengeStatus.COMPLETED)
    rows = (
        Challenge.objects.public()
        .values("promotion")
        .annotate(
            challenges=Count("pk"),
            organisations=Count("organisation", distinct=True),
            outcomes_known=Count("pk", filter=completed & ~Q(outcome="")),
            carried_on=Count("pk", filter=completed & Q(outcome=Outcome.CARRIED_ON)),
            outcomes_unknown=Count("pk", filter=completed & Q(outcome="")),
        )
        .order_by()
    )
    return _by_promotion(rows)


def _participant_counts() -> dict[int, int]:
    through = HistoricalParticipant.promotions.through
    rows = (
        through.objects.values("promotion")
        .annotate(people=Count("historicalparticipant", distinct=True))
        .order_by()
    )
    return {row["promotion"]: row["people"] for row in rows}


def _started_contracts() -> QuerySet[Contract]:
    """The contracts whose first day has come: their person counts as an EIG from then."""
    return Contract.objects.filter(start_date__lte=timezone.localdate())


def _contract_person_counts() -> dict[int, int]:
    rows = (
        _started_contracts()
        .values("promotion")
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    return {row["promotion"]: row["people"] for row in rows}


def _alumni_counts() -> dict[Any, dict[str, int]]:
    rows = (
        _latest_answers()
        .values("promotion")
        .annotate(
            respondents=Count("pk"),
            public_sector=Count("pk", filter=Q(answer=Workplace.PUBLIC_SECTOR)),
        )
        .order_by()
    )
    return _by_promotion(rows)


def _eig_total(promotion_ids: list[int] | None = None) -> int:
    """Distinct historical participants plus distinct people whose contract has started
    (two queries)."""
    participants = HistoricalParticipant.objects.all()
    contracts = _started_contracts()
    if promotion_ids is not None:
        participants = participants.filter(promotions__in=promotion_ids)
        contracts = contracts.filter(promotion__in=promotion_ids)
    participant_count = participants.aggregate(n=Count("pk", distinct=True))["n"]
    person_count = contracts.aggregate(n=Count("person", distinct=True))["n"]
    return int(participant_count) + int(person_count)


def _organisation_total(promotion_ids: list[int] | None = None) -> int:
    challenges = Challenge.objects.public()
    if promotion_ids is not None:
        challenges = challenges.filter(promotion__in=promotion_ids)
    return int(challenges.aggregate(n=Count("organisation", distinct=True))["n"])


def _sort_key(promotion: Promotion) -> tuple[int, int, int, str]:
    """Main promotions by number, each side promotion right after its main one."""
    main = promotion.parent or promotion
    return (main.year, main.number, 0 if promotion.parent is None else 1, str(promotion))


def _rows(
    min_answers: int,
) -> tuple[list[PromotionFigures], dict[Any, dict[str, int]], dict[Any, dict[str, int]]]:
    """The breakdown, and the défis' and answers' counts per promotion it was built from."""
    challenges = _challenge_counts()
    participants = _participant_counts()
    contract_people = _contract_person_counts()
    alumni = _alumni_counts()
    matching = choice_counts_by_promotion()
    # Alumni answers always come with a contract; listed anyway so that no answer counted
    # in the total is missing from the rows.
    with_data = (
        set(challenges) | set(participants) | set(contract_people) | set(alumni) | set(matching)
    )
    promotions = Promotion.objects.filter(pk__in=[pk for pk in with_data if pk is not None])
    rows = []
    for promotion in sorted(promotions.select_related("parent"), key=_sort_key):
        counts: dict[str, int] = defaultdict(int, challenges.get(promotion.pk, {}))
        answers: dict[str, int] = defaultdict(int, alumni.get(promotion.pk, {}))
        placed = matching.get(promotion.pk, ChoiceCounts())
        rows.append(
            PromotionFigures(
                promotion_id=promotion.pk,
                label=str(promotion),
                number=promotion.number,
                year=promotion.year,
                parent_label=str(promotion.parent) if promotion.parent else "",
                challenges=counts["challenges"],
                organisations=counts["organisations"],
                eigs=participants.get(promotion.pk, 0) + contract_people.get(promotion.pk, 0),
                outcomes_known=counts["outcomes_known"],
                carried_on=counts["carried_on"],
                outcomes_unknown=counts["outcomes_unknown"],
                alumni_respondents=answers["respondents"],
                alumni_public_sector=answers["public_sector"],
                min_answers=min_answers,
                matching_placed=placed.placed,
                matching_top_two=placed.top_two,
            )
        )
    return rows, challenges, alumni


def impact_figures() -> ImpactFigures:
    """Every figure of the Impact page, live, in a fixed number of queries."""
    min_answers = min_answers_setting(current_programme())
    rows, challenges, alumni = _rows(min_answers)
    # Each défi has at most one promotion and each respondent's latest answer exactly
    # one: their totals are sums. EIGs and administrations are counted distinct.
    outcomes_known = sum(counts["outcomes_known"] for counts in challenges.values())
    carried_on = sum(counts["carried_on"] for counts in challenges.values())
    respondents = sum(counts["respondents"] for counts in alumni.values())
    public_sector = sum(counts["public_sector"] for counts in alumni.values())
    return ImpactFigures(
        promotions=sum(1 for row in rows if row.counts_as_promotion),
        eigs=_eig_total(),
        challenges=sum(counts["challenges"] for counts in challenges.values()),
        organisations=_organisation_total(),
        outcomes_unknown=sum(counts["outcomes_unknown"] for counts in challenges.values()),
        carried_on_share=Share(carried_on, outcomes_known, min_answers),
        public_sector_share=Share(
            public_sector,
            respondents,
            min_answers,
            derivable=_derivable(_withheld_answers(rows), min_answers),
        ),
        min_answers=min_answers,
        rows=rows,
    )


def published_comparison(figures: ImpactFigures) -> list[Comparison]:
    """The published figures beside the same figures computed for promotions 1 to 6
    (main and side promotions), from the rows already read plus three queries."""
    # A side promotion shares its main promotion's number: it is in scope with it.
    in_scope = [row for row in figures.rows if row.number in PUBLISHED_PROMOTION_NUMBERS]
    out_of_scope = [row for row in figures.rows if row.number not in PUBLISHED_PROMOTION_NUMBERS]
    promotion_ids = [row.promotion_id for row in in_scope]
    outcomes_known = sum(row.outcomes_known for row in in_scope)
    respondents = sum(row.alumni_respondents for row in in_scope)
    min_answers = figures.min_answers
    # Published beside the whole programme's share, this one also gives away the other
    # promotions' answers by difference: both sets of withheld rows must be safe.
    alumni_derivable = _derivable(_withheld_answers(in_scope), min_answers) or (
        figures.public_sector_share.published
        and _derivable(_withheld_answers(out_of_scope), min_answers)
    )
    return [
        Comparison(
            "promotions",
            _("Promotions"),
            PUBLISHED_PROMOTIONS,
            sum(1 for row in in_scope if row.counts_as_promotion),
        ),
        Comparison("eig", _("EIG recrutés"), PUBLISHED_EIGS, _eig_total(promotion_ids)),
        Comparison(
            "defis", _("Défis"), PUBLISHED_CHALLENGES, sum(row.challenges for row in in_scope)
        ),
        Comparison(
            "administrations",
            _("Administrations"),
            PUBLISHED_ORGANISATIONS,
            _organisation_total(promotion_ids),
        ),
        Comparison(
            "part_defis_poursuivis",
            _("Défis poursuivis dans leur administration"),
            PUBLISHED_CARRIED_ON_PERCENT,
            Share(sum(row.carried_on for row in in_scope), outcomes_known, min_answers),
            is_share=True,
        ),
        Comparison(
            "part_alumni_secteur_public",
            _("EIG restés dans le secteur public"),
            PUBLISHED_PUBLIC_SECTOR_PERCENT,
            Share(
                sum(row.alumni_public_sector for row in in_scope),
                respondents,
                min_answers,
                derivable=alumni_derivable,
            ),
            is_share=True,
            published_is_minimum=True,
            from_survey=True,
        ),
    ]


def comparison_matches(comparison: list[Comparison]) -> bool:
    """Whether every computed figure equals the published one (an unknown one does not)."""
    return all(item.matches for item in comparison)
