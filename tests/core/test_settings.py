"""Production settings: safe by default, refusing to start when misconfigured.

Each scenario runs ``manage.py`` in a subprocess with a production-like
environment (the test process itself runs with EIG_DEVELOPMENT=1).
"""

import json
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
OWN_PREFIXES = (
    "EIG_",
    "DJANGO_",
    "DATABASE_",
    "OIDC_",
    "BREVO_",
    "AWS_",
    "PROCRASTINATE_",
    "EMAIL_",
    "REDIS_",
    "SENTRY_",
)
# Production runs on PostgreSQL; reading the settings and the deployment checks never
# connect, so this address need not answer.
PRODUCTION_DATABASE_URL = "postgres://eig@127.0.0.1:5432/eig_production_settings"


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """A production environment: no development mode, every required variable set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env.update(
        DJANGO_SECRET_KEY=_secret_key(),
        DJANGO_ALLOWED_HOSTS="eig.example.gouv.fr",
        EIG_SITE_URL="https://eig.example.gouv.fr",
        DATABASE_URL=PRODUCTION_DATABASE_URL,
        EIG_TASKS_BACKEND="procrastinate",
        OIDC_RP_CLIENT_ID="eig",
        OIDC_RP_CLIENT_SECRET=secrets.token_urlsafe(32),
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://proconnect.example.gouv.fr/api/v2/authorize",
        OIDC_OP_TOKEN_ENDPOINT="https://proconnect.example.gouv.fr/api/v2/token",
        OIDC_OP_USER_ENDPOINT="https://proconnect.example.gouv.fr/api/v2/userinfo",
        OIDC_OP_JWKS_ENDPOINT="https://proconnect.example.gouv.fr/api/v2/jwks",
        BREVO_API_KEY="xkeysib-" + secrets.token_hex(16),
        EIG_MEDIA_ROOT=str(tmp_path / "media"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_values(env: dict[str, str], *names: str) -> dict[str, object]:
    """Read settings as production would load them (``manage.py shell -c``)."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


DATABASES_TO_CHECK = [
    pytest.param({}, id="postgresql-address"),
    pytest.param(
        {"DATABASE_URL": os.environ.get("DATABASE_URL", "")},
        id="postgresql-server",
        marks=pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="needs PostgreSQL"),
    ),
]


@pytest.mark.parametrize("database", DATABASES_TO_CHECK)
def test_the_deployment_checks_pass_in_production(tmp_path, database):
    result = manage(
        production_env(tmp_path, **database), "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_runs_safe_defaults(tmp_path):
    values = settings_values(
        production_env(tmp_path),
        "DEBUG",
        "DEMO",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "EIG_TASKS_BACKEND",
        "CACHES",
    )

    assert values == {
        "DEBUG": False,
        "DEMO": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "EIG_TASKS_BACKEND": "procrastinate",
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "eig_cache",
                "OPTIONS": {"MAX_ENTRIES": 5000},
            }
        },
    }


def test_production_keeps_database_connections_open_with_health_checks(tmp_path):
    (database,) = settings_values(production_env(tmp_path), "DATABASES").values()

    assert isinstance(database, dict)
    assert database["default"]["CONN_MAX_AGE"] > 0
    assert database["default"]["CONN_HEALTH_CHECKS"] is True


REFUSALS = [
    pytest.param(
        {"DJANGO_SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY},
        "DJANGO_SECRET_KEY must be a secret of at least 50 characters",
        id="development-secret-key",
    ),
    pytest.param(
        {"DJANGO_SECRET_KEY": "too-short-" * 3},
        "DJANGO_SECRET_KEY must be a secret of at least 50 characters",
        id="short-secret-key",
    ),
    pytest.param(
        {"DJANGO_SECRET_KEY": None},
        "The environment variable DJANGO_SECRET_KEY is required",
        id="missing-secret-key",
    ),
    pytest.param(
        {"EIG_DEMO": "1"}, "EIG_DEMO cannot be on outside the development mode", id="demo"
    ),
    pytest.param(
        {"OIDC_RP_CLIENT_SECRET": None},
        "The environment variable OIDC_RP_CLIENT_SECRET is required",
        id="missing-proconnect-secret",
    ),
    pytest.param(
        {"BREVO_API_KEY": None},
        "BREVO_API_KEY is required",
        id="missing-email-provider-key",
    ),
    pytest.param(
        {"DATABASE_URL": "sqlite:///production.sqlite3"},
        "The procrastinate task backend needs PostgreSQL",
        id="procrastinate-on-sqlite",
    ),
    pytest.param(
        {"EIG_TASKS_BACKEND": None},
        "The environment variable EIG_TASKS_BACKEND is required",
        id="missing-task-backend",
    ),
    pytest.param(
        {"EIG_TASKS_BACKEND": "immediate"},
        "EIG_TASKS_BACKEND must be 'procrastinate' in production",
        id="jobs-inside-requests",
    ),
    pytest.param(
        {"EIG_SITE_URL": None},
        "The environment variable EIG_SITE_URL is required",
        id="missing-site-url",
    ),
    pytest.param(
        {"EIG_SITE_URL": "eig.example.gouv.fr"},
        "EIG_SITE_URL must start with https://",
        id="site-url-without-scheme",
    ),
    pytest.param(
        {"EIG_CACHE_BACKEND": "locmem"},
        "EIG_CACHE_BACKEND=locmem is not shared between processes",
        id="cache-per-process",
    ),
    pytest.param(
        {"EIG_CACHE_BACKEND": "redis"},
        "REDIS_URL is required with EIG_CACHE_BACKEND=redis",
        id="redis-without-address",
    ),
    pytest.param(
        {"BREVO_API_KEY": None, "EIG_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
        "EMAIL_HOST is required to send e-mail through SMTP",
        id="smtp-without-host",
    ),
    pytest.param(
        {"EIG_TASKS_BACKEND": "celery"},
        "EIG_TASKS_BACKEND must be 'immediate' or 'procrastinate'",
        id="unknown-task-backend",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), REFUSALS)
def test_production_refuses_to_start_when_misconfigured(tmp_path, overrides, message):
    result = manage(production_env(tmp_path, **overrides), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_an_smtp_server_can_replace_the_email_provider(tmp_path):
    env = production_env(
        tmp_path,
        BREVO_API_KEY=None,
        EMAIL_HOST="smtp.example.gouv.fr",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="eig",
        EMAIL_HOST_PASSWORD="relay-password",
        EMAIL_USE_TLS="1",
    )

    assert manage(env, "check", "--deploy", "--fail-level", "WARNING").returncode == 0
    (mailers,) = settings_values(env, "MAILERS").values()
    assert mailers == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.gouv.fr",
                "port": 2525,
                "username": "eig",
                "password": "relay-password",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 30,
            },
        }
    }


def test_redis_is_the_shared_cache_when_its_address_is_given(tmp_path):
    env = production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")

    (caches,) = settings_values(env, "CACHES").values()

    assert caches == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
        }
    }


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_with_a_script_nonce(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
    nonce = re.fullmatch(r"'self' 'nonce-([\w+/=-]+)'", directives["script-src"])
    assert nonce is not None
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert scripts, "the page loads the DSFR scripts"
    for script in scripts:
        assert f'nonce="{nonce.group(1)}"' in script
