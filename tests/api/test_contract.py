"""Schemathesis fuzzes the API against its own OpenAPI schema, with and without tokens.

For every operation, a few generated requests (valid and invalid parameters) must get
no server error and an answer the schema describes: status code, content type,
headers and body. Bounded (``MAX_EXAMPLES`` per operation) so the suite stays fast.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from config.wsgi import application
from eig.api.enums import Scope
from eig.challenges.enums import ChallengeStatus
from tests.api.tokens import token_secret
from tests.factories import (
    CandidacyFactory,
    ChallengeFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromotionFactory,
)

MAX_EXAMPLES = 8
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

SCOPE_BY_PATH = {
    "/api/v1/prive/": Scope.DEFIS_READ,
    "/api/v1/candidatures": Scope.CANDIDATURES_READ,
    "/api/v1/decisions": Scope.DECISIONS_READ,
    "/api/v1/webhooks": Scope.WEBHOOKS,
}


@pytest.fixture(autouse=True)
def _test_connection_kept():
    """Schemathesis calls the WSGI application itself: at the end of each request Django
    would close the database connection, which on PostgreSQL holds the test's transaction.
    Django's test client disconnects the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published(db):
    """A running public défi with a measured indicator, a submitted application with a CV."""
    challenge = ChallengeFactory(
        complete=True, status=ChallengeStatus.RUNNING, promotion=PromotionFactory()
    )
    MeasurementFactory(indicator=IndicatorFactory(challenge=challenge))
    CandidacyFactory(status="submitted", submitted_at=timezone.now())


@pytest.fixture
def secrets(published):
    return {scope: token_secret(scope) for scope in Scope.values}


def _scope(path: str) -> str | None:
    return next((scope for prefix, scope in SCOPE_BY_PATH.items() if path.startswith(prefix)), None)


def test_the_schema_is_valid_openapi_3_1():
    # Schemathesis validates the document against the official OpenAPI 3.1 meta-schema.
    assert schema.raw_schema["openapi"].startswith("3.1")
    schema.validate()
    assert len(list(schema.get_all_operations())) >= 10


# Unknown query parameters are ignored, as HTTP APIs usually do; schemathesis's negative
# mode counts them as "schema-violating requests accepted". Every other check runs,
# server errors and response conformance included.
EXCLUDED_CHECKS = [negative_data_rejection]

FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ
def test_without_a_token(case, published):
    case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)


@schema.parametrize()
@FUZZ
def test_with_the_token_of_its_scope(case, secrets):
    scope = _scope(case.path)
    if scope is None:
        pytest.skip("opération publique : couverte sans jeton")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secrets[scope]}"}, excluded_checks=EXCLUDED_CHECKS
    )
