"""The Impact figures, computed live from the data (eig/impact/figures.py)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.services.challenges import challenge_transition
from eig.impact.enums import Workplace
from eig.impact.figures import (
    PUBLISHED_CHALLENGES,
    PUBLISHED_EIGS,
    Share,
    comparison_matches,
    impact_figures,
    published_comparison,
)
from eig.impact.surveys import alumni_survey_answer, alumni_surveys_anonymise
from eig.programmes.models import Promotion
from eig.programmes.selectors import current_programme
from tests.contracts.contracts import make_contract
from tests.factories import (
    AlumniPathFactory,
    CandidacyFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def set_threshold(answers: int) -> None:
    programme = current_programme()
    assert programme is not None
    programme.impact_min_answers = answers
    programme.save(update_fields=["impact_min_answers"])


def public_challenge(**kwargs):
    kwargs.setdefault("status", ChallengeStatus.SELECTED)
    return ChallengeFactory(complete=True, **kwargs)


def side_promotion(parent: Promotion, label: str = "3e promotion – DIG (annexe)") -> Promotion:
    return Promotion.objects.create(
        programme=parent.programme,
        number=parent.number,
        year=parent.year,
        label=label,
        parent=parent,
    )


def answered(promotion, answer, *, person=None, wave=6, days_ago=1, **kwargs):
    if person is not None:
        kwargs["person"] = person
    return AlumniPathFactory(
        promotion=promotion,
        wave=wave,
        answer=answer,
        answered_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def row_of(figures, promotion):
    [row] = [row for row in figures.rows if row.promotion_id == promotion.pk]
    return row


# Shares and their threshold


def test_a_share_under_the_threshold_is_withheld():
    assert Share(count=2, base=3, min_answers=10).percent is None
    assert Share(count=2, base=3, min_answers=10).rounded is None
    assert not Share(count=0, base=0, min_answers=1).enough


def test_a_share_at_the_threshold_is_a_percentage_to_one_decimal():
    share = Share(count=2, base=3, min_answers=3)

    assert share.enough
    assert str(share.percent) == "66.7"
    assert share.rounded == 67


# Counts


def test_promotions_count_main_promotions_whose_first_contract_has_started(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=PARIS), tick=False)
    third = PromotionFactory(number=3, year=2019)  # imported: its EIGs make it count
    HistoricalParticipantFactory(promotions=[third])
    ninth = PromotionFactory(number=9, year=2026)
    make_contract(promotion=ninth, start=datetime.date(2026, 12, 1))  # starts today
    PromotionFactory(number=5, year=2021)  # nothing public in it
    ChallengeFactory(complete=True, promotion=PromotionFactory(number=11))  # a draft
    # Next year's: a public défi, and a contract that has not started yet.
    tenth = PromotionFactory(number=10, year=2027)
    public_challenge(promotion=tenth)
    make_contract(promotion=tenth, start=datetime.date(2027, 1, 5))

    figures = impact_figures()

    assert figures.promotions == 2
    assert [row.label for row in figures.rows] == [str(third), str(ninth), str(tenth)]
    assert not row_of(figures, tenth).counts_as_promotion
    assert (row_of(figures, tenth).challenges, row_of(figures, tenth).eigs) == (1, 0)


def test_an_eig_counts_from_the_first_day_of_their_contract(time_machine):
    promotion = PromotionFactory(number=9, year=2026)
    make_contract(promotion=promotion, start=datetime.date(2026, 12, 1))

    time_machine.move_to(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=PARIS), tick=False)
    before = impact_figures()
    time_machine.move_to(datetime.datetime(2026, 12, 1, 0, 30, tzinfo=PARIS), tick=False)
    on_the_day = impact_figures()

    assert (before.eigs, before.promotions, before.rows) == (0, 0, [])
    assert (on_the_day.eigs, row_of(on_the_day, promotion).eigs, on_the_day.promotions) == (1, 1, 1)


def test_a_side_promotion_is_a_row_of_its_own_but_not_a_promotion():
    third = PromotionFactory(number=3, year=2019, label="3e promotion")
    dig = side_promotion(third)
    fourth = PromotionFactory(number=4, year=2020)
    public_challenge(promotion=third)
    public_challenge(promotion=dig)
    public_challenge(promotion=fourth)
    HistoricalParticipantFactory(promotions=[third])
    HistoricalParticipantFactory(promotions=[dig])  # an EIG of the annex alone
    HistoricalParticipantFactory(promotions=[fourth])

    figures = impact_figures()

    assert figures.promotions == 2
    assert [row.promotion_id for row in figures.rows] == [third.pk, dig.pk, fourth.pk]
    assert row_of(figures, dig).is_side
    assert row_of(figures, dig).parent_label == "3e promotion"
    assert row_of(figures, dig).challenges == 1
    assert figures.challenges == 3


def test_challenges_count_public_ones_only_and_administrations_are_distinct():
    promotion = PromotionFactory()
    ministry = OrganisationFactory()
    public_challenge(promotion=promotion, organisation=ministry)
    public_challenge(promotion=promotion, organisation=ministry, status=ChallengeStatus.RUNNING)
    public_challenge(promotion=PromotionFactory(), organisation=ministry)
    public_challenge(promotion=promotion)
    for status in (ChallengeStatus.DRAFT, ChallengeStatus.DECLINED, ChallengeStatus.WITHDRAWN):
        ChallengeFactory(complete=True, status=status, promotion=promotion)

    figures = impact_figures()

    assert figures.challenges == 4
    assert figures.organisations == 2
    assert row_of(figures, promotion).challenges == 3
    assert row_of(figures, promotion).organisations == 2


def test_eigs_are_historical_participants_plus_people_whose_contract_has_started(time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 1, 10, tzinfo=PARIS), tick=False)
    first = PromotionFactory(number=1, year=2017)
    second = PromotionFactory(number=2, year=2018)
    HistoricalParticipantFactory(promotions=[first])
    HistoricalParticipantFactory(promotions=[first, second])  # two promotions
    contract = make_contract(promotion=second)
    # A renewal-like second contract of the same person in the same promotion.
    make_contract(promotion=second, candidacy=contract.candidacy, start=datetime.date(2027, 1, 5))
    make_contract(promotion=second, start=datetime.date(2027, 9, 1))  # not started yet

    figures = impact_figures()

    assert row_of(figures, first).eigs == 2
    assert row_of(figures, second).eigs == 2  # one participant, one person
    assert figures.eigs == 3  # the participant of two promotions counts once


def test_a_person_under_contract_in_two_promotions_counts_in_both_rows_and_once_in_total(
    time_machine,
):
    time_machine.move_to(datetime.datetime(2027, 6, 1, 10, tzinfo=PARIS), tick=False)
    seventh, eighth = PromotionFactory(number=70), PromotionFactory(number=80)
    contract = make_contract(promotion=seventh)
    candidacy = CandidacyFactory(
        candidate=contract.candidacy.candidate, round=RoundFactory(promotion=eighth)
    )
    make_contract(promotion=eighth, candidacy=candidacy, start=datetime.date(2027, 1, 5))

    figures = impact_figures()

    assert row_of(figures, seventh).eigs == row_of(figures, eighth).eigs == 1
    assert figures.eigs == 1


# Défis that carried on


def test_the_carried_on_share_is_over_completed_challenges_with_a_known_outcome():
    set_threshold(3)
    promotion = PromotionFactory()
    for outcome in (Outcome.CARRIED_ON, Outcome.CARRIED_ON, Outcome.STOPPED, Outcome.TAKEN_OVER):
        public_challenge(promotion=promotion, status=ChallengeStatus.COMPLETED, outcome=outcome)
    public_challenge(promotion=promotion, status=ChallengeStatus.COMPLETED)  # unknown
    public_challenge(promotion=promotion, status=ChallengeStatus.RUNNING)

    figures = impact_figures()

    assert figures.carried_on_share == Share(count=2, base=4, min_answers=3)
    assert figures.carried_on_share.rounded == 50
    assert figures.outcomes_unknown == 1
    row = row_of(figures, promotion)
    assert (row.outcomes_known, row.carried_on, row.outcomes_unknown) == (4, 2, 1)


def test_the_carried_on_share_is_withheld_under_the_programme_threshold():
    promotion = PromotionFactory()
    for _index in range(9):
        public_challenge(
            promotion=promotion, status=ChallengeStatus.COMPLETED, outcome=Outcome.CARRIED_ON
        )

    figures = impact_figures()

    assert figures.min_answers == 10
    assert figures.carried_on_share.base == 9
    assert figures.carried_on_share.percent is None


def test_the_figures_change_when_a_challenge_completes_with_an_outcome(staff):
    set_threshold(1)
    challenge = public_challenge(promotion=PromotionFactory(), status=ChallengeStatus.RUNNING)
    before = impact_figures()
    assert (before.outcomes_unknown, before.carried_on_share.base) == (0, 0)

    challenge_transition(
        challenge=challenge,
        by=staff,
        name="complete",
        outcome=Outcome.CARRIED_ON,
        message="Le service est repris par l’équipe de la direction.",
    )

    figures = impact_figures()
    assert figures.outcomes_unknown == 0
    assert figures.carried_on_share == Share(count=1, base=1, min_answers=1)
    assert figures.carried_on_share.rounded == 100


def test_a_completed_challenge_without_outcome_is_counted_as_unknown_until_recorded():
    set_threshold(1)
    challenge = public_challenge(promotion=PromotionFactory(), status=ChallengeStatus.COMPLETED)
    assert impact_figures().outcomes_unknown == 1

    challenge.outcome = Outcome.STOPPED
    challenge.save(update_fields=["outcome"])

    figures = impact_figures()
    assert figures.outcomes_unknown == 0
    assert figures.carried_on_share == Share(count=0, base=1, min_answers=1)


# Alumni in the public sector


def test_one_answer_per_respondent_the_latest_wave_first():
    set_threshold(1)
    promotion = PromotionFactory()
    contract = make_contract(promotion=promotion)
    person = contract.person
    # Twelve months after beats six months, even answered earlier.
    answered(promotion, Workplace.PRIVATE_SECTOR, person=person, wave=6, days_ago=1)
    answered(promotion, Workplace.PUBLIC_SECTOR, person=person, wave=12, days_ago=5)

    figures = impact_figures()

    assert figures.public_sector_share == Share(count=1, base=1, min_answers=1)
    assert row_of(figures, promotion).alumni_respondents == 1


def test_in_the_same_wave_the_latest_answer_counts():
    set_threshold(1)
    promotion = PromotionFactory()
    person = make_contract(promotion=promotion).person
    answered(
        promotion,
        Workplace.PUBLIC_SECTOR,
        person=person,
        days_ago=10,
        contract_end=datetime.date(2025, 1, 31),
    )
    answered(promotion, Workplace.OWN_VENTURE, person=person, days_ago=2)

    figures = impact_figures()

    assert figures.public_sector_share == Share(count=0, base=1, min_answers=1)


def test_an_erased_person_still_counts_once_and_unanswered_surveys_not_at_all():
    set_threshold(1)
    promotion = PromotionFactory()
    erased = make_contract(promotion=promotion).person
    # Answered twice: the 12-month answer is the one counted, before and after erasure.
    answered(promotion, Workplace.PRIVATE_SECTOR, person=erased, wave=6, days_ago=200)
    answered(promotion, Workplace.PUBLIC_SECTOR, person=erased, wave=12, days_ago=10)
    answered(promotion, Workplace.PRIVATE_SECTOR)
    AlumniPathFactory(promotion=promotion)  # sent, not answered
    AlumniPathFactory(promotion=promotion, person=None)  # of an erased person, unanswered
    assert impact_figures().public_sector_share == Share(count=1, base=2, min_answers=1)

    alumni_surveys_anonymise(erased)

    figures = impact_figures()
    assert figures.public_sector_share == Share(count=1, base=2, min_answers=1)
    assert row_of(figures, promotion).alumni_respondents == 2


def test_the_public_sector_share_is_withheld_under_the_threshold_and_shown_at_it():
    set_threshold(3)
    promotion = PromotionFactory()
    answered(promotion, Workplace.PUBLIC_SECTOR)
    answered(promotion, Workplace.PUBLIC_SECTOR)
    assert impact_figures().public_sector_share.percent is None

    answered(promotion, Workplace.OTHER)  # the figures change when a survey is answered

    figures = impact_figures()
    assert figures.public_sector_share.rounded == 67
    assert row_of(figures, promotion).public_sector_share.rounded == 67


def test_the_figures_change_when_a_survey_is_answered():
    set_threshold(1)
    survey = AlumniPathFactory(promotion=PromotionFactory())
    assert impact_figures().public_sector_share.base == 0

    alumni_survey_answer(survey=survey, answer=Workplace.PUBLIC_SECTOR)

    assert impact_figures().public_sector_share == Share(count=1, base=1, min_answers=1)


# Secondary suppression: no withheld answer can be worked out by subtraction


def answers(promotion, *, public: int = 0, other: int = 0) -> None:
    for _index in range(public):
        answered(promotion, Workplace.PUBLIC_SECTOR)
    for _index in range(other):
        answered(promotion, Workplace.PRIVATE_SECTOR)


def test_the_overall_share_is_withheld_when_it_would_give_away_a_withheld_promotion():
    """Promotion A: 12 answers, 8 in the public sector (published); promotion B: 1 answer
    (withheld). Publishing 69.2 % of 13 would tell where B's alumnus works."""
    first, second = PromotionFactory(number=1), PromotionFactory(number=2)
    answers(first, public=8, other=4)
    answers(second, public=1)

    figures = impact_figures()

    assert figures.min_answers == 10
    assert row_of(figures, first).public_sector_share.rounded == 67
    assert not row_of(figures, second).public_sector_share.published
    share = figures.public_sector_share
    assert share.enough  # 13 answers, over the threshold...
    assert share.derivable  # ...but 13 - 12 gives B's single answer away
    assert not share.published
    assert share.percent is None
    assert share.rounded is None


def test_the_overall_share_is_published_when_the_withheld_promotions_total_the_threshold():
    set_threshold(4)
    answers(PromotionFactory(number=1), public=4, other=2)
    answers(PromotionFactory(number=2), public=2)
    answers(PromotionFactory(number=3), public=1, other=1)
    # A promotion with défis and no answer is under the threshold with nothing to hide.
    public_challenge(promotion=PromotionFactory(number=4))

    figures = impact_figures()

    assert not figures.public_sector_share.derivable
    assert figures.public_sector_share.published
    assert figures.public_sector_share.percent == Decimal("70.0")


def test_the_challenges_share_is_never_suppressed_by_subtraction():
    set_threshold(3)
    first, second = PromotionFactory(number=1), PromotionFactory(number=2)
    for promotion, outcomes in ((first, 4), (second, 1)):
        for _index in range(outcomes):
            public_challenge(
                promotion=promotion, status=ChallengeStatus.COMPLETED, outcome=Outcome.CARRIED_ON
            )

    figures = impact_figures()

    assert not row_of(figures, second).carried_on_share.published
    assert figures.carried_on_share.published
    assert figures.carried_on_share.rounded == 100


def test_the_compared_share_is_withheld_when_a_withheld_promotion_in_scope_would_show():
    set_threshold(3)
    answers(PromotionFactory(number=1), public=3)
    answers(PromotionFactory(number=2), public=1)  # in scope: 1 withheld answer
    answers(PromotionFactory(number=7), public=1, other=1)
    answers(PromotionFactory(number=8), other=1)  # out of scope: 3 withheld answers

    figures = impact_figures()
    comparison = {item.key: item for item in published_comparison(figures)}

    assert figures.public_sector_share.published  # 4 withheld answers overall
    alumni = comparison["part_alumni_secteur_public"]
    assert alumni.computed.enough
    assert alumni.computed.derivable
    assert alumni.unknown


def test_the_compared_share_is_withheld_when_its_difference_with_the_total_would_show():
    """In scope and overall are each safe, but overall minus in scope leaves promotion
    9's single answer."""
    set_threshold(3)
    answers(PromotionFactory(number=1), public=3)
    answers(PromotionFactory(number=2), public=1)
    answers(PromotionFactory(number=3), public=1, other=1)  # in scope: 3 withheld answers
    answers(PromotionFactory(number=8), public=2, other=1)
    answers(PromotionFactory(number=9), other=1)  # out of scope: 1 withheld answer

    figures = impact_figures()
    comparison = {item.key: item for item in published_comparison(figures)}

    assert not figures.public_sector_share.derivable  # 4 withheld answers overall
    assert figures.public_sector_share.published
    assert comparison["part_alumni_secteur_public"].computed.derivable
    assert comparison["part_alumni_secteur_public"].unknown


def test_the_compared_share_is_published_when_nothing_can_be_derived():
    set_threshold(3)
    answers(PromotionFactory(number=1), public=3)
    answers(PromotionFactory(number=8), public=2, other=1)

    comparison = {item.key: item for item in published_comparison(impact_figures())}

    alumni = comparison["part_alumni_secteur_public"]
    assert alumni.computed_value == 100
    assert not alumni.unknown
    assert alumni.matches  # « plus de 60 % »


# The published figures


def test_the_comparison_counts_promotions_1_to_6_with_their_side_promotion_only():
    third = PromotionFactory(number=3, year=2019)
    dig = side_promotion(third)
    seventh = Promotion.objects.get(number=7, parent=None)
    public_challenge(promotion=third)
    public_challenge(promotion=dig)
    public_challenge(promotion=seventh)
    HistoricalParticipantFactory(promotions=[third, dig])
    HistoricalParticipantFactory(promotions=[seventh])

    comparison = {item.key: item for item in published_comparison(impact_figures())}

    assert comparison["promotions"].computed == 1
    assert comparison["defis"].published == PUBLISHED_CHALLENGES
    assert comparison["defis"].computed == 2
    assert comparison["eig"].published == PUBLISHED_EIGS
    assert comparison["eig"].computed == 1
    assert comparison["defis"].differs
    assert comparison["part_defis_poursuivis"].computed_value is None
    # Withheld: neither equal to nor different from the published 90 %, but unknown.
    assert comparison["part_defis_poursuivis"].unknown
    assert not comparison["part_defis_poursuivis"].differs
    assert not comparison["part_defis_poursuivis"].matches
    assert not comparison["defis"].unknown


def test_a_computed_figure_equal_to_the_published_one_does_not_differ():
    first = PromotionFactory(number=1, year=2017)
    for _index in range(PUBLISHED_CHALLENGES):
        public_challenge(promotion=first, organisation=OrganisationFactory())

    comparison = {item.key: item for item in published_comparison(impact_figures())}

    assert not comparison["defis"].differs
    assert comparison["administrations"].differs


def test_the_comparison_matches_only_when_every_figure_does():
    set_threshold(3)
    answers(PromotionFactory(number=1), public=3)
    public_challenge(promotion=PromotionFactory(number=2))

    comparison = published_comparison(impact_figures())

    assert not comparison_matches(comparison)  # 1 défi computed, 101 published
    assert comparison_matches([item for item in comparison if item.matches])
