"""The bench's synthetic data, written with ``bulk_create`` (see bench/README.md).

``--scale 1`` is about the programme's real size; ``--scale 100`` is the volume of issue 14
(10 promotions, 60 rounds, 1,200 administrations, 3,000 défis with 72,000 measurements,
30,000 applications with 75,000 wishes, 3,000 contracts, 20,000 historical EIGs,
100,000 history events, one round of 3,000 applications with 6,000 reviews and 1,500
decisions). Promotions and rounds do not scale; every other volume is multiplied.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

PROMOTIONS = 10
ROUNDS_PER_PROMOTION = 6
# Per unit of --scale.
ORGANISATIONS = 12
CHALLENGES_PER_PROMOTION = 3
INDICATORS_PER_CHALLENGE = 2
MEASUREMENTS_PER_INDICATOR = 12
APPLICATIONS = 300
CONTRACTS = 30
HISTORICAL_PARTICIPANTS = 200
ALUMNI_SURVEYS = 30
EVENTS = 1_000
BOARD_APPLICATIONS = 30  # the round of the Sélection board
REVIEWS_PER_APPLICATION = 2
DECISIONS = 15
REVIEWERS = 20  # each has REVIEWS_PER_APPLICATION × BOARD_APPLICATIONS / REVIEWERS reviews
BATCH = 2_000


@dataclass
class Volume:
    """What the pages are pointed at, and the row counts of the report."""

    counts: dict[str, int]
    board_round_id: int
    public_challenge_id: int
    promotion_id: int
    reviewer_id: int
    staff_id: int


def _batches[T](items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    created: list[Any] = []
    for batch in _batches(rows):
        created.extend(model.objects.bulk_create(batch))
    return created


def _pay_level() -> Any:
    from eig.programmes.models import PayGrid, PayLevel, Programme

    programme = Programme.objects.get(slug="eig")
    level = (
        PayLevel.objects.filter(grid__in=PayGrid.objects.filter(programme=programme))
        .order_by("level")
        .first()
    )
    if level is None:  # the data migration creates the grid; keep going without it
        grid = PayGrid.objects.create(
            programme=programme, name="Grille bench", valid_from=datetime.date(2016, 1, 1)
        )
        level = PayLevel.objects.create(
            grid=grid,
            level=1,
            monthly_net=Decimal("4250.00"),
            variable_rate=Decimal("6.00"),
            min_experience_years=0,
        )
    return level


def _users(prefix: str, count: int, role: str) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from eig.accounts.models import User

    unusable = make_password(None)  # nobody signs in with a password here
    return _bulk(
        User,
        [
            User(
                email=f"{prefix}-{index}@example.fr",
                first_name="Prénom",
                last_name=f"Nom {index}",
                role=role,
                password=unusable,
            )
            for index in range(count)
        ],
    )


def generate(scale: int) -> Volume:
    """Years of synthetic data at ``scale``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from eig.accounts.enums import Role
    from eig.accounts.models import User
    from eig.candidacies.enums import CandidacyStatus
    from eig.candidacies.models import Candidacy, Candidate, Choice
    from eig.candidacies.selectors import staff as staff_selectors
    from eig.challenges.enums import PUBLIC_STATUSES, ChallengeStatus, Outcome
    from eig.challenges.models import Challenge, Indicator, Measurement
    from eig.contracts.enums import OfferStatus, RenewalDecision
    from eig.contracts.models import Contract, Offer
    from eig.core.history_actions import HistoryAction
    from eig.core.models import Event
    from eig.impact.enums import SurveyWave, Workplace
    from eig.impact.models import AlumniPath, HistoricalParticipant
    from eig.organisations.enums import OrganisationKind
    from eig.organisations.models import Organisation
    from eig.programmes.enums import CriterionStage
    from eig.programmes.models import Criterion, Programme, Promotion, Round
    from eig.selection.enums import (
        DecisionKind,
        DecisionOutcome,
        Recommendation,
        ReviewStage,
        ReviewStatus,
    )
    from eig.selection.models import Decision, IneligibilityReason, Review, Score
    from eig.selection.services.reviews import file_scores_refresh

    today = timezone.localdate()
    now = timezone.now()
    programme = Programme.objects.get(slug="eig")
    level = _pay_level()
    staff = User.objects.create(email="equipe-bench@numerique.gouv.fr", role=Role.STAFF)

    # Promotions, one a year up to this year's, and their two-monthly rounds.
    promotions = _bulk(
        Promotion,
        [
            Promotion(
                programme=programme,
                number=100 + index,
                label=f"Promotion de banc d’essai {index}",
                year=today.year - PROMOTIONS + index,
                cap=CONTRACTS * scale // PROMOTIONS,
            )
            for index in range(1, PROMOTIONS + 1)
        ],
    )
    round_rows = []
    for promotion in promotions:
        for number in range(1, ROUNDS_PER_PROMOTION + 1):
            opens_on = datetime.date(promotion.year, 2 * number - 1, 1)
            round_rows.append(
                Round(
                    promotion=promotion,
                    number=number,
                    opens_on=opens_on,
                    challenge_deadline=opens_on + datetime.timedelta(weeks=3),
                    application_deadline=opens_on + datetime.timedelta(weeks=5),
                    committee_on=opens_on + datetime.timedelta(weeks=7),
                    starts_on=opens_on + datetime.timedelta(weeks=9),
                )
            )
    all_rounds = _bulk(Round, round_rows)
    # The board's round is the one the staff list opens on, when it is ours.
    default = staff_selectors.default_round()
    ours = {round_.pk for round_ in all_rounds}
    board_round = next(
        (round_ for round_ in all_rounds if default and round_.pk == default.pk), all_rounds[-1]
    )
    if default is not None and default.pk not in ours:
        board_round = all_rounds[-1]
    other_rounds = [round_ for round_ in all_rounds if round_.pk != board_round.pk]

    kinds = [kind for kind, _label in OrganisationKind.choices] + [""]
    organisations = _bulk(
        Organisation,
        [
            Organisation(
                kind=kinds[index % len(kinds)],
                name=f"Administration de banc d’essai n° {index}",
                acronym=f"ABE{index}",
                siret=f"{99_000_000_000_000 + index}",
            )
            for index in range(ORGANISATIONS * scale)
        ],
    )

    # Défis: those of past promotions completed (with an outcome), this year's spread
    # over the whole workflow.
    statuses = list(ChallengeStatus)
    outcomes = list(Outcome)
    rounds_of: dict[int, list[Round]] = {}
    for round_ in all_rounds:
        rounds_of.setdefault(round_.promotion_id, []).append(round_)
    challenge_rows = []
    for promotion in promotions:
        current = promotion.year == today.year
        rounds = rounds_of[promotion.pk]
        for index in range(CHALLENGES_PER_PROMOTION * scale):
            status = statuses[index % len(statuses)] if current else ChallengeStatus.COMPLETED
            completed = status == ChallengeStatus.COMPLETED
            challenge_rows.append(
                Challenge(
                    organisation=organisations[(index * 7 + promotion.number) % len(organisations)],
                    round=rounds[index % len(rounds)],
                    promotion=promotion,
                    status=status,
                    title=f"Défi {index} de la {promotion.label}",
                    problem="Les usagers attendent des mois une réponse à leur demande.",
                    public_summary="Un service en ligne pour répondre plus vite aux usagers.",
                    wants_product=index % 2 == 0,
                    wants_tech=index % 3 != 0,
                    outcome=outcomes[index % len(outcomes)] if completed else "",
                    outcome_text="Le service est repris par l’équipe de l’administration."
                    if completed
                    else "",
                    submitted_at=now,
                    decided_at=now if status in PUBLIC_STATUSES else None,
                )
            )
    challenges = _bulk(Challenge, challenge_rows)
    indicators = _bulk(
        Indicator,
        [
            Indicator(
                challenge=challenge,
                name=f"Indicateur {position}",
                unit="jours",
                baseline=Decimal(90),
                target=Decimal(15),
                data_source="Tableau de bord du service",
                position=position,
            )
            for challenge in challenges
            for position in range(INDICATORS_PER_CHALLENGE)
        ],
    )
    measurements = _bulk(
        Measurement,
        [
            Measurement(
                indicator=indicator,
                value=Decimal(90 - 6 * month),
                measured_on=today - datetime.timedelta(days=30 * month),
            )
            for indicator in indicators
            for month in range(MEASUREMENTS_PER_INDICATOR)
        ],
    )
    challenges_of: dict[int, list[Challenge]] = {}
    for challenge in challenges:
        challenges_of.setdefault(challenge.promotion_id, []).append(challenge)

    # Applications, each from its own candidate: the board's round first, then every
    # other round in turn; the hired among the others.
    applications = APPLICATIONS * scale
    board_size = BOARD_APPLICATIONS * scale
    contracts_wanted = CONTRACTS * scale
    users = _users("candidat-bench", applications, Role.CANDIDATE)
    candidates = _bulk(
        Candidate,
        [
            Candidate(user=user, track="product" if index % 2 else "tech", experience_years=12)
            for index, user in enumerate(users)
        ],
    )
    spread = [
        CandidacyStatus.SUBMITTED,
        CandidacyStatus.INELIGIBLE,
        CandidacyStatus.NOT_RETAINED,
        CandidacyStatus.POOL,
        CandidacyStatus.WITHDRAWN,
        CandidacyStatus.DRAFT,
    ]
    candidacy_rows = []
    for index, candidate in enumerate(candidates):
        on_board = index < board_size
        hired = board_size <= index < board_size + contracts_wanted
        status = (
            CandidacyStatus.SUBMITTED
            if on_board
            else CandidacyStatus.HIRED
            if hired
            else spread[index % len(spread)]
        )
        candidacy_rows.append(
            Candidacy(
                candidate=candidate,
                round=board_round if on_board else other_rounds[index % len(other_rounds)],
                status=status,
                motivation="Mettre mon expérience au service de l’action publique.",
                submitted_at=None if status == CandidacyStatus.DRAFT else now,
            )
        )
    candidacies = _bulk(Candidacy, candidacy_rows)
    round_by_pk = {round_.pk: round_ for round_ in all_rounds}
    choices = []
    for index, candidacy in enumerate(candidacies):
        wished = challenges_of[round_by_pk[candidacy.round_id].promotion_id]
        for rank in range(1, 3 + index % 2):  # 2 or 3 wishes: 2.5 on average
            choices.append(
                Choice(
                    candidacy=candidacy,
                    challenge=wished[(index + rank) % len(wished)],
                    rank=rank,
                )
            )
    choices = _bulk(Choice, choices)

    # The board's round: two file reviews per application, half of them submitted with
    # their scores; screening decisions on the first ones.
    reviewers = _users("evaluateur-bench", REVIEWERS, Role.REVIEWER)
    criteria = list(
        Criterion.objects.filter(
            grid__programme=programme, grid__is_active=True, stage=CriterionStage.FILE
        )
    )
    recommendations = list(Recommendation)
    reviews = _bulk(
        Review,
        [
            Review(
                candidacy=candidacy,
                reviewer=reviewers[(REVIEWS_PER_APPLICATION * index + turn) % REVIEWERS],
                stage=ReviewStage.FILE,
                assigned_by=staff,
                recommendation=recommendations[index % len(recommendations)]
                if index % 2 == 0
                else "",
                status=ReviewStatus.SUBMITTED if index % 2 == 0 else ReviewStatus.ASSIGNED,
                submitted_at=now if index % 2 == 0 else None,
            )
            for index, candidacy in enumerate(candidacies[:board_size])
            for turn in range(REVIEWS_PER_APPLICATION)
        ],
    )
    scores = _bulk(
        Score,
        [
            Score(
                review=review,
                criterion=criterion,
                value=criterion.min_score
                + (review.pk + position) % (criterion.max_score - criterion.min_score + 1),
                comment="Un parcours solide.",
            )
            for review in reviews
            if review.submitted_at
            for position, criterion in enumerate(criteria)
        ],
    )
    # Written in bulk, without the review services: the board's figures are set here, in
    # a transaction as the services do (the refresh locks the applications it writes).
    with transaction.atomic():
        file_scores_refresh(candidacy_ids=[candidacy.pk for candidacy in candidacies[:board_size]])
    reason = IneligibilityReason.objects.order_by("pk").first()
    decisions = _bulk(
        Decision,
        [
            Decision(
                candidacy=candidacy,
                kind=DecisionKind.SCREENING,
                outcome=DecisionOutcome.ELIGIBLE if index % 3 else DecisionOutcome.INELIGIBLE,
                reason=None if index % 3 else reason,
                decided_by=staff,
                decided_at=now,
            )
            for index, candidacy in enumerate(candidacies[: DECISIONS * scale])
        ],
    )

    # Contracts of the hired, from their accepted offer; the previous promotion's end
    # within the next months, as they would.
    offer_rows = []
    for index, candidacy in enumerate(candidacies[board_size : board_size + contracts_wanted]):
        round_ = round_by_pk[candidacy.round_id]
        wished = challenges_of[round_.promotion_id]
        offer_rows.append(
            Offer(
                candidacy=candidacy,
                challenge=wished[index % len(wished)],
                promotion_id=round_.promotion_id,
                pay_level=level,
                level=level.level,
                monthly_net=level.monthly_net,
                variable_rate=level.variable_rate,
                start_date=round_.starts_on,
                expires_at=now,
                status=OfferStatus.ACCEPTED,
                answered_at=now,
            )
        )
    offers = _bulk(Offer, offer_rows)
    contracts = _bulk(
        Contract,
        [
            Contract(
                offer=offer,
                person_id=offer.candidacy.candidate.user_id,
                candidacy=offer.candidacy,
                challenge=offer.challenge,
                promotion_id=offer.promotion_id,
                pay_level=level,
                level=level.level,
                monthly_net=level.monthly_net,
                variable_rate=level.variable_rate,
                start_date=offer.start_date,
                end_date=offer.start_date + datetime.timedelta(days=364),
                renewal_decision=RenewalDecision.PENDING
                if offer.start_date + datetime.timedelta(days=364) >= today
                else RenewalDecision.ENDED,
            )
            for offer in offers
        ],
    )

    # The imported history: anonymous participants linked to promotions and défis.
    participants = _bulk(
        HistoricalParticipant,
        [
            HistoricalParticipant(
                source_ref=f"bench:personnes/personne-{index:06d}.md",
                job="Développeur" if index % 2 else "Designer",
                expertises=["Produit", "Données"],
            )
            for index in range(HISTORICAL_PARTICIPANTS * scale)
        ],
    )
    promotion_links = HistoricalParticipant.promotions.through
    challenge_links = HistoricalParticipant.challenges.through
    _bulk(
        promotion_links,
        [
            promotion_links(
                historicalparticipant_id=participant.pk,
                promotion_id=promotions[index % len(promotions)].pk,
            )
            for index, participant in enumerate(participants)
        ],
    )
    _bulk(
        challenge_links,
        [
            challenge_links(
                historicalparticipant_id=participant.pk,
                challenge_id=challenges[index % len(challenges)].pk,
            )
            for index, participant in enumerate(participants)
        ],
    )

    # Alumni surveys of the contracts over, two thirds answered.
    workplaces = list(Workplace)
    surveys = _bulk(
        AlumniPath,
        [
            AlumniPath(
                person_id=contract.person_id,
                promotion_id=contract.promotion_id,
                wave=SurveyWave.SIX_MONTHS if index % 2 else SurveyWave.TWELVE_MONTHS,
                contract_end=contract.end_date,
                token=f"jeton-bench-{index:06d}",
                answer=workplaces[index % len(workplaces)] if index % 3 else "",
                answered_at=now if index % 3 else None,
            )
            for index, contract in enumerate(contracts[: ALUMNI_SURVEYS * scale])
        ],
    )

    # History: each application created, edited and submitted; the rest on the défis.
    candidacy_type = ContentType.objects.get_for_model(Candidacy)
    challenge_type = ContentType.objects.get_for_model(Challenge)
    steps = (
        (HistoryAction.CANDIDACY_CREATED, "", "draft"),
        (HistoryAction.CANDIDACY_UPDATED, "", ""),
        (HistoryAction.CANDIDACY_SUBMITTED, "draft", "submitted"),
    )
    event_rows = []
    for index in range(EVENTS * scale):
        if index < len(steps) * len(candidacies):
            action, from_status, to_status = steps[index % len(steps)]
            subject_type, subject_id = candidacy_type, candidacies[index // len(steps)].pk
        else:
            action, from_status, to_status = HistoryAction.CHALLENGE_SUBMITTED, "draft", "submitted"
            subject_type, subject_id = challenge_type, challenges[index % len(challenges)].pk
        event_rows.append(
            Event(
                content_type=subject_type,
                object_id=subject_id,
                actor=staff,
                action=action,
                from_status=from_status,
                to_status=to_status,
            )
        )
    events = _bulk(Event, event_rows)

    public = next(challenge for challenge in challenges if challenge.status in PUBLIC_STATUSES)
    return Volume(
        counts={
            "promotions": len(promotions),
            "sessions": len(all_rounds),
            "administrations": len(organisations),
            "défis": len(challenges),
            "mesures": len(measurements),
            "candidatures": len(candidacies),
            "vœux": len(choices),
            "contrats": len(contracts),
            "EIG de l’historique": len(participants),
            "enquêtes alumni": len(surveys),
            "événements d’historique": len(events),
            "candidatures de la session du tableau": board_size,
            "évaluations": len(reviews),
            "notes": len(scores),
            "décisions": len(decisions),
        },
        board_round_id=board_round.pk,
        public_challenge_id=public.pk,
        promotion_id=promotions[-2].pk,  # last year's: its contracts run this year
        reviewer_id=reviewers[0].pk,
        staff_id=staff.pk,
    )


def candidacies_up_to(total: int) -> int:
    """Add applications from the existing candidates to other rounds until ``total``."""
    from django.utils import timezone

    from eig.candidacies.enums import CandidacyStatus
    from eig.candidacies.models import Candidacy, Candidate
    from eig.programmes.models import Round

    missing = total - Candidacy.objects.count()
    if missing <= 0:
        return Candidacy.objects.count()
    rounds = list(Round.objects.order_by("pk").values_list("pk", flat=True))
    taken = set(Candidacy.objects.values_list("candidate_id", "round_id"))
    candidates = list(Candidate.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    index = 0
    while len(rows) < missing:
        candidate = candidates[index % len(candidates)]
        round_ = rounds[(index // len(candidates) * 7 + index) % len(rounds)]
        index += 1
        if (candidate, round_) in taken:
            continue
        taken.add((candidate, round_))
        rows.append(
            Candidacy(
                candidate_id=candidate,
                round_id=round_,
                status=CandidacyStatus.SUBMITTED,
                motivation="Une nouvelle candidature, à une autre session.",
                submitted_at=now,
            )
        )
    _bulk(Candidacy, rows)
    return Candidacy.objects.count()
