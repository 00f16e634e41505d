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
    """Each test gets its own media folder, an empty cache and a fast password hasher."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
