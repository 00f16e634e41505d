import importlib

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

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


# Rows that data migrations create. A transactional test (browser journeys, race tests)
# empties the database when it ends, data migrations included; later tests find them
# back thanks to ``_data_migration_rows``.
DATA_MIGRATIONS = (
    ("eig.programmes.migrations.0003_eig_programme", "create_eig_programme"),
    ("eig.selection.migrations.0002_default_ineligibility_reasons", "create_reasons"),
)
DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


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
    from django.apps import apps

    from eig.programmes.models import Programme
    from eig.programmes.selectors import EIG_PROGRAMME_SLUG

    if Programme.objects.filter(slug=EIG_PROGRAMME_SLUG).exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
