"""The API's access matrix: every operation, and the answer each kind of token gets.

Adding an operation without a row here fails ``test_every_operation_is_in_the_matrix``.
"no token" is an anonymous call; "defis:read (administration)" is a token an agent
created for their administration, whose défi the rows point at (another
administration's défi answers 404 to it: see tests/api/test_tokens.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.api.api import api
from eig.api.enums import Scope
from eig.challenges.enums import ChallengeStatus
from tests.api.tokens import bearer, token_secret
from tests.database import built_once
from tests.factories import AgentFactory, CandidacyFactory, ChallengeFactory

TOKENS = ("none", *Scope.values, "defis:read (administration)")


def answers(code: int) -> dict[str, int]:
    return dict.fromkeys(TOKENS, code)


def scoped(scope: str, ok: int = 200) -> dict[str, int]:
    """The scope's tokens get ``ok``; no token 401; tokens of other scopes 403."""
    expected = dict.fromkeys(TOKENS, 403)
    expected["none"] = 401
    expected[scope] = ok
    if scope == Scope.DEFIS_READ:
        expected["defis:read (administration)"] = ok
    return expected


MATRIX = {
    "openapi-json": (answers(200), {}),
    "openapi-view": (answers(200), {}),
    "defi_list": (answers(200), {}),
    "defi_detail": (answers(200), {"defi_id": "public"}),
    "defi_indicators": (answers(200), {"defi_id": "public"}),
    "opendata_defis": (answers(200), {}),
    "impact_figures": (answers(200), {}),
    "promotion_list": (answers(200), {}),
    "private_defi_list": (scoped(Scope.DEFIS_READ), {}),
    "private_defi_detail": (scoped(Scope.DEFIS_READ), {"defi_id": "own"}),
    "candidature_list": (scoped(Scope.CANDIDATURES_READ), {}),
    "candidature_cv": (scoped(Scope.CANDIDATURES_READ), {"candidature_id": "candidacy"}),
    "decision_list": (scoped(Scope.DECISIONS_READ), {}),
    "webhook_list_api": (scoped(Scope.WEBHOOKS), {}),
}
NOT_OPERATIONS = {"api-root"}


def api_url_names() -> set[str]:
    patterns, _app, _namespace = api.urls
    return {pattern.name for pattern in patterns if pattern.name} - NOT_OPERATIONS


def test_every_operation_is_in_the_matrix():
    assert api_url_names() == set(MATRIX)


@pytest.fixture(scope="module")
def _api_world_built_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(
        _api_world_build, django_db_blocker=django_db_blocker, tmp_path_factory=tmp_path_factory
    ) as built:
        yield built


@pytest.fixture
def api_world(_api_world_built_once, db, settings):
    """Built once for the module; each case in a savepoint rolled back after it."""
    return _api_world_built_once.fresh(settings)


def _api_world_build():
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation
    objects = {
        "public": ChallengeFactory(complete=True, status=ChallengeStatus.SELECTED),
        "own": ChallengeFactory(organisation=organisation, status=ChallengeStatus.DRAFT),
        "candidacy": CandidacyFactory(status="submitted", submitted_at=timezone.now()),
    }
    secrets = {scope: token_secret(scope) for scope in Scope.values}
    secrets["defis:read (administration)"] = token_secret(
        Scope.DEFIS_READ, organisation=organisation, by=agent
    )
    return objects, secrets


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_token_gets_the_expected_answer(client, api_world, name, token):
    objects, secrets = api_world
    expected, kwargs = MATRIX[name]
    url = reverse(f"api:{name}", kwargs={key: objects[value].pk for key, value in kwargs.items()})
    headers = bearer(secrets[token]) if token != "none" else {}
    response = client.get(url, **headers)
    assert response.status_code == expected[token], f"GET {url} with {token}"
