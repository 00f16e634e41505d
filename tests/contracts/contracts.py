"""Arrange contracts directly, with the pay figures copied from the grid as the services do.

The contract services (accepted offers, renewals) are written alongside; the pay tests
build the rows these would.
"""

import datetime

from eig.contracts.models import Contract
from tests.contracts.offers import eig_pay_grid
from tests.factories import (
    CandidacyFactory,
    ChallengeFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoundFactory,
)

START = datetime.date(2026, 1, 5)


def contract_end(start: datetime.date) -> datetime.date:
    """The day before the anniversary."""
    return start.replace(year=start.year + 1) - datetime.timedelta(days=1)


def make_contract(
    *,
    level: int = 1,
    gender: str = "",
    promotion=None,
    start: datetime.date = START,
    end: datetime.date | None = None,
    candidacy=None,
) -> Contract:
    """A contract at ``level`` of the EIG grid, for a candidate of ``gender``."""
    level_1, level_2 = eig_pay_grid()
    pay_level = level_1 if level == 1 else level_2
    promotion = promotion or PromotionFactory(programme=ProgrammeFactory())
    if candidacy is None:
        candidacy = CandidacyFactory(
            round=RoundFactory(promotion=promotion), candidate__gender=gender
        )
    contract = Contract(
        person=candidacy.candidate.user,
        candidacy=candidacy,
        challenge=ChallengeFactory(complete=True, promotion=promotion),
        promotion=promotion,
        pay_level=pay_level,
        level=pay_level.level,
        monthly_net=pay_level.monthly_net,
        variable_rate=pay_level.variable_rate,
        start_date=start,
        end_date=end or contract_end(start),
    )
    contract.full_clean()
    contract.save()
    return contract
