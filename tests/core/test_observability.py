"""Operators' view: a log line per request without personal data, JSON in production,
Sentry events scrubbed."""

import json
import logging

import pytest

from eig.core.observability import sentry_scrub
from tests.core.test_settings import manage, production_env

pytestmark = pytest.mark.django_db


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "eig.requests"]


def test_each_request_is_logged_once_with_its_id_user_id_route_status_and_duration(
    client, staff, caplog
):
    client.force_login(staff)

    with caplog.at_level(logging.INFO, logger="eig.requests"):
        response = client.get("/enquete-alumni/jeton-secret-de-la-personne/")

    (line,) = _request_lines(caplog)
    assert response["X-Request-ID"] == line.request_id
    assert len(line.request_id) == 32
    assert line.user_id == staff.pk
    assert line.method == "GET"
    assert line.route == "/enquete-alumni/<str:token>/"
    assert line.status == response.status_code
    assert isinstance(line.duration_ms, int)
    flat = json.dumps(vars(line), default=str)
    assert staff.email not in flat
    assert "jeton-secret" not in flat


def test_a_request_id_set_by_the_proxy_is_kept_and_a_malformed_one_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="eig.requests"):
        kept = client.get("/sante/", headers={"X-Request-ID": "proxy-1234abcd"})
        replaced = client.get("/sante/", headers={"X-Request-ID": "<script>"})

    assert kept["X-Request-ID"] == "proxy-1234abcd"
    assert replaced["X-Request-ID"] != "<script>"
    assert [line.user_id for line in _request_lines(caplog)] == [None, None]


def test_production_logs_are_json_lines_with_the_request_id(tmp_path):
    code = "import logging; logging.getLogger('eig.test').warning('Envoi du rapport')"
    result = manage(production_env(tmp_path), "shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "eig.test"
    assert line["message"] == "Envoi du rapport"
    assert line["request_id"] == ""
    assert "time" in line


def test_sentry_is_set_up_without_personal_data_when_its_address_is_given(tmp_path):
    code = (
        "import sentry_sdk; o = sentry_sdk.get_client().options; "
        "print(o['send_default_pii'], o['include_local_variables'], o['before_send'].__name__)"
    )
    env = production_env(tmp_path, SENTRY_DSN="https://cle@glitchtip.example.gouv.fr/3")

    result = manage(env, "shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["False", "False", "sentry_scrub"]


def test_sentry_events_lose_emails_free_texts_and_request_contents():
    event = {
        "message": "Échec d'envoi à marie.curie@example.fr",
        "user": {"id": 42, "email": "marie.curie@example.fr", "ip_address": "10.0.0.1"},
        "request": {
            "method": "POST",
            "url": "https://eig.example.gouv.fr/candidature/?email=marie.curie@example.fr",
            "data": {"motivation": "Un long texte libre"},
            "cookies": {"sessionid": "secret"},
            "headers": {"Cookie": "sessionid=secret"},
        },
        "extra": {"motivation": "Un long texte libre"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "adresse marie.curie@example.fr refusée",
                    "stacktrace": {"frames": [{"function": "send", "vars": {"name": "Marie"}}]},
                }
            ]
        },
    }

    scrubbed = sentry_scrub(event, {})

    flat = json.dumps(scrubbed)
    assert "marie.curie" not in flat
    assert "Un long texte libre" not in flat
    assert "secret" not in flat
    assert "Marie" not in flat
    assert scrubbed["user"] == {"id": 42}
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://eig.example.gouv.fr/candidature/",
    }
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"
