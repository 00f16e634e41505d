import pytest
from django.core.cache import cache

from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    ReviewerFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    """Each test gets its own media folder and an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def candidate(db):
    return CandidateFactory()


@pytest.fixture
def agent(db):
    return AgentFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()
