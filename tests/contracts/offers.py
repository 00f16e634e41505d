"""Arrange offers: pool applications retained by a défi's jury, on the EIG pay grid.

The screening, committee and proposal services are written alongside; these helpers
create the rows directly (status ``pool``, a ``retained`` proposal) as those would.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.programmes.models import PayGrid, PayLevel, Promotion
from eig.selection.enums import ProposalStatus
from eig.selection.models import Proposal
from tests.factories import (
    CandidacyFactory,
    ChallengeFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
)

GRID_VALID_FROM = datetime.date(2024, 1, 1)


def eig_pay_grid() -> tuple[PayLevel, PayLevel]:
    """The grid of the programme's rules: under 10 years level 1, from 10 years level 2."""
    grid, _ = PayGrid.objects.get_or_create(
        programme=ProgrammeFactory(), valid_from=GRID_VALID_FROM, defaults={"name": "Grille 2024"}
    )
    level_1, _ = PayLevel.objects.get_or_create(
        grid=grid,
        level=1,
        defaults={
            "monthly_net": Decimal("4250.00"),
            "variable_rate": Decimal("6.00"),
            "min_experience_years": 0,
        },
    )
    level_2, _ = PayLevel.objects.get_or_create(
        grid=grid,
        level=2,
        defaults={
            "monthly_net": Decimal("5000.00"),
            "variable_rate": Decimal("10.00"),
            "min_experience_years": 10,
        },
    )
    return level_1, level_2


def recruiting_challenge(promotion: Promotion, **kwargs):
    kwargs.setdefault("wants_product", True)
    kwargs.setdefault("wants_tech", False)
    return ChallengeFactory(complete=True, status="recruiting", promotion=promotion, **kwargs)


def pool_candidacy(
    *, round_=None, challenge=None, track="product", experience=12, retained=True, candidate=None
):
    """An application in the pool, proposed to ``challenge`` (retained by its jury)."""
    eig_pay_grid()
    round_ = round_ or RoundFactory(promotion=PromotionFactory(programme=ProgrammeFactory()))
    person = (
        {"candidate": candidate}
        if candidate
        else {"candidate__track": track, "candidate__experience_years": experience}
    )
    candidacy = CandidacyFactory(
        round=round_,
        status="pool",
        submitted_at=timezone.now() - datetime.timedelta(days=30),
        **person,
    )
    challenge = challenge or recruiting_challenge(round_.promotion)
    Proposal.objects.create(
        candidacy=candidacy,
        challenge=challenge,
        status=ProposalStatus.RETAINED if retained else ProposalStatus.PROPOSED,
    )
    return candidacy, challenge


def fill_places(promotion: Promotion, count: int) -> list[Offer]:
    """``count`` accepted offers in ``promotion`` (hired candidates of other rounds)."""
    level_1, _ = eig_pay_grid()
    round_ = RoundFactory(promotion=promotion)
    challenge = recruiting_challenge(promotion)
    offers = []
    for _index in range(count):
        candidacy = CandidacyFactory(round=round_, status="hired", submitted_at=timezone.now())
        offers.append(
            Offer(
                candidacy=candidacy,
                challenge=challenge,
                promotion=promotion,
                pay_level=level_1,
                level=1,
                monthly_net=level_1.monthly_net,
                variable_rate=level_1.variable_rate,
                start_date=round_.starts_on,
                expires_at=timezone.now() + datetime.timedelta(days=7),
                status=OfferStatus.ACCEPTED,
                answered_at=timezone.now(),
            )
        )
    return Offer.objects.bulk_create(offers)


def make_open_offer(*, candidate=None, promotion=None, experience=None) -> Offer:
    """An open offer (status ``made``) to a pool application, written directly."""
    level_1, level_2 = eig_pay_grid()
    promotion = promotion or PromotionFactory(programme=ProgrammeFactory())
    round_ = RoundFactory(promotion=promotion)
    extra = {"candidate": candidate} if candidate else {}
    candidacy, challenge = pool_candidacy(round_=round_, **extra)
    if experience is not None:
        candidacy.candidate.experience_years = experience
        candidacy.candidate.save()
    level = level_2 if (candidacy.candidate.experience_years or 0) >= 10 else level_1
    return Offer.objects.create(
        candidacy=candidacy,
        challenge=challenge,
        promotion=promotion,
        pay_level=level,
        level=level.level,
        monthly_net=level.monthly_net,
        variable_rate=level.variable_rate,
        start_date=round_.starts_on,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
