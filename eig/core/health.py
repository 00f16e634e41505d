"""The platform's health, as a supervisor or a status page reads it (``/sante/``).

Each question is answered from the database in one query: does the database answer,
do queued jobs run (the oldest job due, the workers' heartbeats), and the apps' own
checks listed in the ``EIG_HEALTH_CHECKS`` setting (the outbox: does e-mail leave).
A check beyond its threshold makes the platform unhealthy, with the reason in French.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.module_loading import import_string

# A worker beats every 10 s (Procrastinate's default): silent for this long, it is gone.
WORKER_SILENT_AFTER = datetime.timedelta(seconds=60)

OLDEST_DUE_JOB_SQL = """
    SELECT EXTRACT(EPOCH FROM NOW() - MIN(COALESCE(jobs.scheduled_at, deferred.at)))
    FROM procrastinate_jobs AS jobs
    JOIN procrastinate_events AS deferred
      ON deferred.job_id = jobs.id AND deferred.type = 'deferred'
    WHERE jobs.status = 'todo' AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= NOW())
"""
LIVE_WORKERS_SQL = "SELECT COUNT(*) FROM procrastinate_workers WHERE last_heartbeat >= %s"


@dataclass
class Check:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


def health_checks(*, now: datetime.datetime | None = None) -> dict[str, Check]:
    """Every check by name; the later ones are skipped when the database does not answer."""
    now = now or timezone.now()
    database = _database_check()
    if not database.ok:
        return {"database": database}
    checks = {"database": database}
    try:
        checks.update(_queue_checks(now))
    except DatabaseError as error:
        checks.update(dict.fromkeys(("jobs", "workers"), _failed("jobs, workers", error)))
    for name, path in settings.EIG_HEALTH_CHECKS.items():
        try:
            checks[name] = import_string(path)(now)
        except DatabaseError as error:  # a missing table, a query the database refused
            checks[name] = _failed(name, error)
    return checks


def _failed(names: str, error: DatabaseError) -> Check:
    return Check(False, reason=f"La vérification {names} a échoué ({type(error).__name__}).")


def _database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check(False, reason=f"La base de données ne répond pas ({type(error).__name__}).")
    return Check(True)


def _queue_checks(now: datetime.datetime) -> dict[str, Check]:
    if settings.EIG_TASKS_BACKEND != "procrastinate":
        immediate = {"backend": "immediate"}
        return {"jobs": Check(True, immediate), "workers": Check(True, immediate)}
    with connection.cursor() as cursor:
        cursor.execute(OLDEST_DUE_JOB_SQL)
        (oldest,) = cursor.fetchone()
        cursor.execute(LIVE_WORKERS_SQL, [now - WORKER_SILENT_AFTER])
        (workers,) = cursor.fetchone()
    return {
        "jobs": delay_check(
            0 if oldest is None else float(oldest),
            settings.EIG_HEALTH_MAX_JOB_DELAY,
            "La plus ancienne tâche en attente attend depuis {delay} s (seuil : {limit} s).",
        ),
        "workers": Check(True, {"live": workers})
        if workers
        else Check(False, {"live": 0}, "Aucun worker de tâches actif."),
    }


def delay_check(delay: float, limit: int, message: str) -> Check:
    detail = {"oldest_seconds": int(delay), "threshold_seconds": limit}
    if delay > limit:
        return Check(False, detail, message.format(delay=int(delay), limit=limit))
    return Check(True, detail)
