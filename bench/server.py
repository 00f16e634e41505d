"""The bench's throwaway database and its gunicorn, as in production (see bench/README.md).

On PostgreSQL (``DATABASE_URL``): a database of its own on that server, ``<name>_bench``,
created and dropped around the run, and the production settings (``EIG_DEVELOPMENT``
off, Procrastinate, the database cache, persistent connections, JSON request logs), plain
HTTP on 127.0.0.1 as ``scripts/serve-production`` does. Without it: a temporary SQLite
file and the embedded mode with ``DEBUG`` off, persistent connections and the memory cache.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


@dataclass(frozen=True)
class Target:
    """Where the bench writes: its database and its own temporary folder."""

    database_url: str
    postgresql: bool
    folder: Path

    @property
    def database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")


def target(folder: Path) -> Target:
    """The bench's own database: never the one ``DATABASE_URL`` names."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "eig"
        bench_url = urlunsplit(parts._replace(path=f"/{name}_bench"))
        return Target(database_url=bench_url, postgresql=True, folder=folder)
    return Target(database_url=f"sqlite:///{folder}/bench.sqlite3", postgresql=False, folder=folder)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(where: Target, port: int) -> dict[str, str]:
    """The environment of the bench's own process and of its gunicorn."""
    env = dict(os.environ)
    # The test suite's variables (pytest-env) must not leak into the server.
    for name in ("EIG_DEVELOPMENT", "EIG_DEMO", "DJANGO_DEBUG", "DATABASE_CONN_MAX_AGE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=where.database_url,
        DATABASE_CONN_MAX_AGE="600",
        DJANGO_DEBUG="0",
        EIG_DEMO="0",
        EIG_MEDIA_ROOT=str(where.folder / "media"),
        EIG_BENCH_STATIC_ROOT=str(where.folder / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
        # The bench's own process reads the pages with Django's test client too.
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        EIG_SITE_URL=f"http://127.0.0.1:{port}",
        PYTHONPATH=str(ROOT),
    )
    if where.postgresql:
        env.update(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
            EIG_TASKS_BACKEND="procrastinate",
            EIG_CACHE_BACKEND="database",
            # Pages never send e-mail on a GET; the export job's "ready" e-mail is dropped.
            EMAIL_HOST="127.0.0.1",
            EIG_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            OIDC_RP_CLIENT_ID="eig-bench",
            OIDC_RP_CLIENT_SECRET="eig-bench",  # noqa: S106 (no provider behind it)
            OIDC_OP_AUTHORIZATION_ENDPOINT="http://127.0.0.1:9/authorize",
            OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/token",  # noqa: S106 (a URL)
            OIDC_OP_USER_ENDPOINT="http://127.0.0.1:9/userinfo",
            OIDC_OP_JWKS_ENDPOINT="http://127.0.0.1:9/jwks",
        )
    else:
        env.update(EIG_DEVELOPMENT="1", EIG_CACHE_BACKEND="locmem")
    return env


def _server_url(where: Target) -> str:
    return urlunsplit(urlsplit(where.database_url)._replace(path="/postgres"))


def database_create(where: Target) -> None:
    if not where.postgresql:
        return
    import psycopg

    with psycopg.connect(_server_url(where), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{where.database_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{where.database_name}"')
        # A throwaway database: no flush to disk at each commit while it is built
        # (migrations, bulk inserts). database_serve puts it back before the load.
        connection.execute(f'ALTER DATABASE "{where.database_name}" SET synchronous_commit TO off')


def database_serve(where: Target) -> None:
    """The database as production has it (commits flushed) for the server's connections."""
    if not where.postgresql:
        return
    import psycopg

    with psycopg.connect(_server_url(where), autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{where.database_name}" RESET synchronous_commit')


def database_drop(where: Target) -> None:
    if not where.postgresql:
        return
    import psycopg

    with psycopg.connect(_server_url(where), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{where.database_name}" WITH (FORCE)')


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def worker_pids(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(env: dict[str, str], port: int, folder: Path, ready_path: str) -> Server:
    """gunicorn with the repository's config/gunicorn.py; returns once it answers."""
    log = folder / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(gunicorn), "--config", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Server(process=process, url=f"http://127.0.0.1:{port}", log=log)
    deadline = time.monotonic() + 180  # a busy machine starts slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn s’est arrêté au démarrage :\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url + ready_path, timeout=5) as answer:  # noqa: S310
                # Every worker up, not only the first one to answer.
                if answer.status == 200 and len(server.worker_pids()) >= WORKERS:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn ne répond pas :\n{log.read_text()[-3000:]}")
