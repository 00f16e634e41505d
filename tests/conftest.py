import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from tests import templates_strict
from tests.database import FAST_PASSWORD_HASHERS, data_migration_rows_ensure
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    ReviewerFactory,
    StaffFactory,
)

# No test asserts a time: Hypothesis's per-example deadline would fail a property on a
# busy machine, not on a broken rule.
hypothesis_settings.register_profile("eig", deadline=None)
hypothesis_settings.load_profile("eig")


def pytest_configure(config):
    # A variable missing from a project template's context fails the test.
    templates_strict.install()


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    """Each test gets its own media folder, an empty cache and a fast password hasher."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
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


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


# A transactional test (browser journeys, race tests) empties the database when it ends,
# data migrations' rows included; later tests find them back thanks to this fixture.
@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not DATABASE_FIXTURES & set(request.fixturenames):
        return
    transactional = bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    data_migration_rows_ensure()
