from types import SimpleNamespace

import pytest

from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    ReviewerFactory,
    StaffFactory,
)


@pytest.fixture
def world(db):
    """One user of each role, and the objects the matrix's URLs point at.

    Later issues add the objects their URLs need (a draft défi, a candidacy...).
    """
    return SimpleNamespace(
        anonymous=None,
        candidate=CandidateFactory(),
        agent=AgentFactory(),
        reviewer=ReviewerFactory(),
        coach=CoachFactory(),
        staff=StaffFactory(),
    )
