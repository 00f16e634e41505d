"""``/sante/``: 200 when the platform works, 503 with the reasons when it does not."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.db.models import F

from eig.core import health
from eig.notifications.models import Email
from tests.notifications.outbox import queue_test_email
from tests.queue import job_defer, postgresql_only, queue_tables_empty

pytestmark = pytest.mark.django_db


def test_a_working_platform_answers_200_with_each_check(client):
    response = client.get("/sante/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["reasons"] == []
    assert set(body["checks"]) == {"database", "jobs", "workers", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())


def test_mail_piling_up_beyond_the_threshold_answers_503_with_the_reason(client, settings):
    settings.EIG_HEALTH_MAX_EMAIL_DELAY = 600
    queue_test_email()
    Email.objects.update(status="pending", created_at=F("created_at") - datetime.timedelta(hours=1))

    response = client.get("/sante/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "erreur"
    (reason,) = body["reasons"]
    assert reason.startswith("Le plus ancien e-mail non envoyé attend depuis 36")
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["threshold_seconds"] == 600


def test_a_recent_unsent_email_is_not_a_problem(client):
    queue_test_email()
    Email.objects.update(status="pending")

    assert client.get("/sante/").status_code == 200


class BrokenConnection:
    def cursor(self):
        raise DatabaseError("connection refused")


def test_a_database_that_does_not_answer_gives_503(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["reasons"] == ["La base de données ne répond pas (DatabaseError)."]


@postgresql_only
@pytest.mark.django_db(transaction=True)
class TestWithTheQueue:
    @pytest.fixture(autouse=True)
    def _procrastinate(self, settings):
        settings.EIG_TASKS_BACKEND = "procrastinate"
        queue_tables_empty()
        yield
        queue_tables_empty()

    def test_a_stopped_worker_and_a_job_waiting_too_long_give_503(self, client, settings):
        settings.EIG_HEALTH_MAX_JOB_DELAY = 300
        job_id = job_defer("notifications.email_send", email_id=1)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_events SET at = NOW() - INTERVAL '20 minutes' "
                "WHERE job_id = %s",
                [job_id],
            )

        response = client.get("/sante/")

        assert response.status_code == 503
        reasons = response.json()["reasons"]
        assert reasons[0].startswith("La plus ancienne tâche en attente attend depuis 1200")
        assert reasons[1] == "Aucun worker de tâches actif."

    def test_a_live_worker_and_fresh_jobs_give_200(self, client):
        job_defer("notifications.email_send", email_id=1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT procrastinate_register_worker_v1()")

        response = client.get("/sante/")

        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["workers"] == {"ok": True, "live": 1}


def test_a_check_whose_query_fails_is_reported_not_raised(client, settings):
    settings.EIG_HEALTH_CHECKS = {"outbox": "tests.core.test_health.failing_check"}

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["reasons"] == ["La vérification outbox a échoué (DatabaseError)."]


def failing_check(now):
    raise DatabaseError("relation does not exist")
