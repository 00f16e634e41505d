"""The Impact figures, computed live from the data (eig/impact/figures.py)."""

import datetime

import pytest
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.services import challenge_transition
from eig.impact.enums import Workplace
from eig.impact.figures import (
    PUBLISHED_CHALLENGES,
    PUBLISHED_EIGS,
    Share,
    impact_figures,
    published_comparison,
)
from eig.impact.surveys import alumni_survey_answer
from eig.programmes.models import Promotion
from eig.programmes.selectors import current_programme
from tests.contracts.contracts import make_contract
from tests.factories import (
    AlumniSurveyFactory,
    CandidacyFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    OrganisationFactory,
    PromotionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


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
    return AlumniSurveyFactory(
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


def test_promotions_count_main_promotions_with_a_public_challenge_or_an_eig():
    third = PromotionFactory(number=3, year=2019)
    fourth = PromotionFactory(number=4, year=2020)
    PromotionFactory(number=5, year=2021)  # nothing public in it
    public_challenge(promotion=third)
    ChallengeFactory(complete=True, promotion=PromotionFactory(number=9))  # a draft
    HistoricalParticipantFactory(promotions=[fourth])

    figures = impact_figures()

    assert figures.promotions == 2
    assert [row.label for row in figures.rows] == [str(third), str(fourth)]


def test_a_side_promotion_is_a_row_of_its_own_but_not_a_promotion():
    third = PromotionFactory(number=3, year=2019, label="3e promotion")
    dig = side_promotion(third)
    fourth = PromotionFactory(number=4, year=2020)
    public_challenge(promotion=third)
    public_challenge(promotion=dig)
    public_challenge(promotion=fourth)

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


def test_eigs_are_historical_participants_plus_people_under_contract():
    first = PromotionFactory(number=1, year=2017)
    second = PromotionFactory(number=2, year=2018)
    HistoricalParticipantFactory(promotions=[first])
    HistoricalParticipantFactory(promotions=[first, second])  # two promotions
    contract = make_contract(promotion=second)
    # A renewal-like second contract of the same person in the same promotion.
    make_contract(promotion=second, candidacy=contract.candidacy, start=datetime.date(2027, 1, 5))

    figures = impact_figures()

    assert row_of(figures, first).eigs == 2
    assert row_of(figures, second).eigs == 2  # one participant, one person
    assert figures.eigs == 3  # the participant of two promotions counts once


def test_a_person_under_contract_in_two_promotions_counts_in_both_rows_and_once_in_total():
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


def test_surveys_of_erased_people_count_each_as_a_respondent_and_unanswered_ones_not():
    set_threshold(1)
    promotion = PromotionFactory()
    answered(promotion, Workplace.PUBLIC_SECTOR, person=None)
    answered(promotion, Workplace.PUBLIC_SECTOR, person=None)
    AlumniSurveyFactory(promotion=promotion, person=None)
    answered(promotion, Workplace.PRIVATE_SECTOR)
    AlumniSurveyFactory(promotion=promotion)  # sent, not answered

    figures = impact_figures()

    assert figures.public_sector_share == Share(count=2, base=3, min_answers=1)


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
    survey = AlumniSurveyFactory(promotion=PromotionFactory())
    assert impact_figures().public_sector_share.base == 0

    alumni_survey_answer(survey=survey, answer=Workplace.PUBLIC_SECTOR)

    assert impact_figures().public_sector_share == Share(count=1, base=1, min_answers=1)


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
    assert comparison["part_defis_poursuivis"].differs


def test_a_computed_figure_equal_to_the_published_one_does_not_differ():
    first = PromotionFactory(number=1, year=2017)
    for _index in range(PUBLISHED_CHALLENGES):
        public_challenge(promotion=first, organisation=OrganisationFactory())

    comparison = {item.key: item for item in published_comparison(impact_figures())}

    assert not comparison["defis"].differs
    assert comparison["administrations"].differs
