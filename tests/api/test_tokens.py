"""Token-authenticated endpoints: scopes, administrations, hashing, logging, rate limit."""

import logging

import pytest
from django.utils import timezone

from eig.api.enums import Scope
from eig.api.models import ApiToken, secret_hash
from eig.api.services import token_revoke
from eig.challenges.enums import ChallengeStatus
from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from tests.api.tokens import bearer, token_secret
from tests.factories import (
    AgentFactory,
    CandidacyFactory,
    ChallengeFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_the_secret_is_stored():
    secret = token_secret(Scope.DEFIS_READ)
    token = ApiToken.objects.get()
    assert token.key_hash == secret_hash(secret)
    assert secret not in str(token.__dict__)
    assert token.prefix == secret[:12]
    assert Event.objects.filter(action=HistoryAction.CREATED).exists()


def test_without_a_token_the_private_endpoints_answer_401_problem(client):
    response = client.get("/api/v1/prive/defis")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/prive/defis", **bearer("eig_faux")).status_code == 401


def test_an_administration_token_reads_only_its_own_defis(client):
    agent = AgentFactory()
    own_organisation = agent.memberships.get().organisation
    own = ChallengeFactory(organisation=own_organisation, status=ChallengeStatus.SUBMITTED)
    other = ChallengeFactory(organisation=OrganisationFactory(), status=ChallengeStatus.SELECTED)
    secret = token_secret(Scope.DEFIS_READ, organisation=own_organisation, by=agent)

    listed = client.get("/api/v1/prive/defis", **bearer(secret)).json()
    assert [item["id"] for item in listed["results"]] == [own.pk]
    assert client.get(f"/api/v1/prive/defis/{own.pk}", **bearer(secret)).status_code == 200
    hidden = client.get(f"/api/v1/prive/defis/{other.pk}", **bearer(secret))
    missing = client.get("/api/v1/prive/defis/999999", **bearer(secret))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_defis_token_reads_no_candidature(client):
    agent = AgentFactory()
    secret = token_secret(
        Scope.DEFIS_READ, organisation=agent.memberships.get().organisation, by=agent
    )
    assert client.get("/api/v1/candidatures", **bearer(secret)).status_code == 403
    assert client.get("/api/v1/decisions", **bearer(secret)).status_code == 403


def test_an_agent_cannot_create_a_candidatures_token_nor_for_another_administration():
    agent = AgentFactory()
    with pytest.raises(DomainError):
        token_secret(
            Scope.CANDIDATURES_READ, organisation=agent.memberships.get().organisation, by=agent
        )
    with pytest.raises(DomainError):
        token_secret(Scope.DEFIS_READ, organisation=OrganisationFactory(), by=agent)


def test_candidatures_are_the_export_without_gender_and_the_cv_as_a_link(client):
    candidacy = CandidacyFactory(status="submitted", submitted_at=timezone.now())
    candidacy.candidate.gender = "female"
    candidacy.candidate.save()
    secret = token_secret(Scope.CANDIDATURES_READ)
    body = client.get("/api/v1/candidatures", **bearer(secret)).json()
    record = body["results"][0]
    assert record["id"] == candidacy.pk
    assert record["email"] == candidacy.candidate.user.email
    assert "gender" not in record
    assert "genre" not in record
    assert "female" not in str(body)
    assert record["cv"].endswith(f"/api/v1/candidatures/{candidacy.pk}/cv")
    cv_path = f"/api/v1/candidatures/{candidacy.pk}/cv"
    assert client.get(cv_path).status_code == 401
    response = client.get(cv_path, **bearer(secret))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_revoked_or_expired_token_is_refused(client, staff):
    secret = token_secret(Scope.DEFIS_READ)
    token = ApiToken.objects.get()
    token_revoke(token=token, by=staff)
    assert client.get("/api/v1/prive/defis", **bearer(secret)).status_code == 401
    other = token_secret(Scope.DEFIS_READ)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert client.get("/api/v1/prive/defis", **bearer(other)).status_code == 401


def test_every_call_is_logged_with_the_token_id_never_its_value(client, caplog):
    secret = token_secret(Scope.DEFIS_READ)
    token = ApiToken.objects.get()
    with caplog.at_level(logging.INFO, logger="eig.api.calls"):
        client.get("/api/v1/prive/defis", **bearer(secret))
    assert f"token={token.pk} " in caplog.text
    assert "status=200" in caplog.text
    assert secret not in caplog.text
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_rate_limit_answers_429_with_retry_after(client, settings):
    settings.EIG_API_RATE = "3/min"
    secret = token_secret(Scope.DEFIS_READ)
    statuses = [client.get("/api/v1/prive/defis", **bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/prive/defis", **bearer(secret))
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    # Another token has its own budget.
    other = token_secret(Scope.DEFIS_READ)
    assert client.get("/api/v1/prive/defis", **bearer(other)).status_code == 200
