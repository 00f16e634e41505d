"""The pages as users feel them: a benchmark, not a test (see bench/README.md).

    .venv/bin/python bench/pages.py [--scale 100] [--users 20] [--duration 10]
    .venv/bin/python bench/pages.py --smoke       # CI's small form: fails on any non-200

It builds its own database (``<name>_bench`` on ``DATABASE_URL``'s PostgreSQL server,
else a temporary SQLite file), fills it with ``bulk_create`` (bench/data.py), counts
each page's SQL queries with Django's test client, serves the site with gunicorn and
the repository's config/gunicorn.py (2 workers, persistent connections, ``DEBUG`` off:
bench/server.py), loads each page and its reference view with wrk when it is installed
(bench/wrk.py), else with locust (bench/load.py),
times the staff candidacy exports (streamed, or built by the job worker it starts when
they are larger than ``--inline-max-rows``), prints the tables (bench/report.py), and drops it all.
Exits non-zero when a page or an export answers anything but 200.
"""

import argparse
import contextlib
import http.client
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report, server, wrk  # noqa: E402
from bench.report import Export, Measure, Page  # noqa: E402

# Rows of the two candidacy exports, per unit of --scale (30,000 and 100,000 at 100).
EXPORT_ROWS = (300, 1_000)
ANONYMOUS, STAFF, REVIEWER = "anonyme", "équipe", "évaluateur·rice"


def pages(volume: Any) -> list[Page]:
    from django.urls import reverse

    return [
        Page(
            "Sélection : tableau d’une session",
            STAFF,
            reverse("selection:board", args=[volume.board_round_id]),
        ),
        Page("Défis publics (CSV)", ANONYMOUS, reverse("challenges:opendata_csv")),
        Page("Défis publics (JSON)", ANONYMOUS, reverse("challenges:opendata_json")),
        Page(
            "Candidatures, toutes sessions, filtres et recherche",
            STAFF,
            reverse("candidacies:staff_list") + "?round=&status=submitted&track=tech&q=Nom+1",
        ),
        Page("Défis (équipe)", STAFF, reverse("challenges:staff_list")),
        Page("Catalogue des défis", ANONYMOUS, reverse("challenges:catalogue")),
        Page(
            "Catalogue des défis, recherche",
            ANONYMOUS,
            reverse("challenges:catalogue") + "?q=service",
        ),
        Page("Candidatures, session par défaut", STAFF, reverse("candidacies:staff_list")),
        Page("Budget d’une promotion", STAFF, reverse("pay:budget", args=[volume.promotion_id])),
        Page("Mes évaluations (évaluateur·rice)", REVIEWER, reverse("selection:reviewer_home")),
        Page("Impact", ANONYMOUS, reverse("impact:page")),
        Page("Pilotage du programme", STAFF, reverse("impact:staff_dashboard")),
        Page("Accueil", ANONYMOUS, reverse("public:home")),
        Page(
            "Un défi public",
            ANONYMOUS,
            reverse("challenges:public_detail", args=[volume.public_challenge_id]),
        ),
    ]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="100: the volume of issue 14 (100)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "locust"],
        default="auto",
        help="the load generator: wrk if installed, else locust (auto)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=10,
        help="seconds of load on each page, as many on its reference (10)",
    )
    parser.add_argument(
        "--slice", type=float, default=2.5, help="seconds before switching page and reference (2.5)"
    )
    parser.add_argument("--no-exports", action="store_true", help="skip the candidacy exports")
    parser.add_argument(
        "--inline-max-rows",
        type=int,
        default=5000,
        help="EIG_EXPORT_INLINE_MAX_ROWS: larger exports are built by the job (5000)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI's small form: --scale 1 --users 1 --duration 0.5 --slice 0.25",
    )
    arguments = parser.parse_args()
    if arguments.load == "auto":
        arguments.load = "wrk" if wrk.available() else "locust"
    if arguments.load == "wrk" and not wrk.available():
        parser.error("wrk n’est pas installé (Debian : apt-get install wrk)")
    if arguments.smoke:
        arguments.scale, arguments.users, arguments.duration, arguments.slice = 1, 1, 0.5, 0.25
        # 300 rows streamed, 1,000 built by the job: both ways are run.
        arguments.inline_max_rows = 500
    if arguments.load == "wrk":
        arguments.duration = wrk.whole_seconds(arguments.duration)
        arguments.slice = wrk.whole_seconds(arguments.slice)
    return arguments


def _session_cookie(user: Any) -> str:
    """A signed-in session written in the database, as a sign-in would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _count(url: str, cookie: str) -> tuple[int, int]:
    """The status and the queries of one request, after one to warm the caches."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value

    def fetch() -> int:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        return int(response.status_code)

    fetch()
    with CaptureQueriesContext(connection) as queries:
        status = fetch()
    return status, len(queries.captured_queries)


def _measure_queries(page_list: list[Page], cookies: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Each page's status and queries, and the reference's URL with as many."""
    from django.urls import reverse

    base = {
        who: _count(reverse("bench_reference", args=[0]), cookie)[1]
        for who, cookie in cookies.items()
    }
    counted = {}
    for page in page_list:
        status, queries = _count(page.url, cookies[page.who])
        page.reference = reverse("bench_reference", args=[max(0, queries - base[page.who])])
        counted[page.label] = (status, queries)
    return counted


def _warm(page_list: list[Page], cookies: dict[str, str], web: server.Server) -> None:
    """A few requests to each page first: both workers' templates and caches are warm."""
    for page in page_list:
        for url in (page.url, page.reference):
            for _turn in range(server.WORKERS):
                request = urllib.request.Request(  # noqa: S310 (our own server)
                    web.url + url, headers={"Cookie": cookies[page.who]}
                )
                with (
                    contextlib.suppress(urllib.error.URLError, http.client.HTTPException),
                    urllib.request.urlopen(request, timeout=120) as answer,  # noqa: S310
                ):
                    answer.read()


def _load(
    page_list: list[Page], cookies: dict[str, str], host: str, arguments: Any, folder: Path
) -> list[Any]:
    plan = {
        "host": host,
        "users": arguments.users,
        "duration": arguments.duration,
        "slice": arguments.slice,
        "warmup": min(1.0, arguments.duration / 2),
        "pages": [
            {
                "label": page.label,
                "url": page.url,
                "reference": page.reference,
                "cookie": cookies[page.who],
            }
            for page in page_list
        ],
    }
    if arguments.load == "wrk":
        return wrk.load_all(plan)
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan))
    done = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "bench" / "load.py"), str(plan_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"locust a échoué :\n{done.stderr[-3000:]}")
    return list(json.loads(done.stdout))


def _memory_reset(pids: list[int]) -> dict[int, int]:
    """Reset each worker's peak memory (Linux: clear_refs 5); return the current RSS in kB."""
    current = {}
    for pid in pids:
        # Not Linux, or not allowed: the peak is then the worker's since it started.
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        current[pid] = _status_kb(pid, "VmRSS")
    return current


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _export(url: str, label: str, rows: int, cookie: str, web: server.Server) -> Export:
    """A streamed export: the time to its first byte and to its last, the web worker's
    memory."""
    pids = web.worker_pids()
    before = _memory_reset(pids)
    request = urllib.request.Request(web.url + url, headers={"Cookie": cookie})  # noqa: S310
    started = time.perf_counter()
    first_byte = None
    size = 0
    status = 0
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:  # noqa: S310
            status = answer.status
            while chunk := answer.read(1 << 16):
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
    except urllib.error.HTTPError as error:
        status = error.code
    except (http.client.HTTPException, OSError):
        status = 0  # cut mid-way: gunicorn's timeout stopped the worker, for instance
    seconds = time.perf_counter() - started
    peaks = {pid: _status_kb(pid, "VmHWM") for pid in pids}
    worker = max(peaks, key=lambda pid: peaks[pid] - before.get(pid, 0))
    return Export(
        label=label,
        rows=rows,
        status=status,
        seconds=seconds,
        size=size,
        peak_kb=peaks[worker],
        growth_kb=max(0, peaks[worker] - before.get(worker, 0)),
        answer_seconds=first_byte,
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _export_queue(url: str, cookie: str, web: server.Server) -> int:
    """Ask for the export as the list's button does: the page's CSRF token, then a POST."""
    request = urllib.request.Request(web.url + url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        page = answer.read().decode()
        token_cookie = next(
            value.split(";", 1)[0]
            for name, value in answer.getheaders()
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError(f"Pas de formulaire d’export sur {url}")
    post = urllib.request.Request(  # noqa: S310
        web.url + url,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": found.group(1)}).encode(),
        headers={"Cookie": f"{cookie}; {token_cookie}", "Referer": web.url + url},
        method="POST",
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(post, timeout=600) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:  # the 302 to « Mes exports », unfollowed
        return int(error.code)


def _export_by_job(
    url: str, label: str, rows: int, cookie: str, web: server.Server, worker: int | None
) -> Export:
    """An export built by the job: the time until the request answered (queued), until
    the file is ready, and the peak memory of the process that built it (the job worker;
    without one, the embedded mode runs the job in the web worker)."""
    from django.urls import reverse

    from eig.candidacies.enums import ExportStatus
    from eig.candidacies.models import Export as ExportRow

    pids = [worker] if worker else web.worker_pids()
    before = _memory_reset(pids)
    latest = ExportRow.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    answered = _export_queue(url, cookie, web)
    answer_seconds = time.perf_counter() - started
    export = None
    while time.perf_counter() - started < 600:
        export = ExportRow.objects.filter(pk__gt=latest).order_by("pk").first()
        if export is not None and export.status in {ExportStatus.READY, ExportStatus.FAILED}:
            break
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    peaks = {pid: _status_kb(pid, "VmHWM") for pid in pids}
    process = max(peaks, key=lambda pid: peaks[pid] - before.get(pid, 0))
    status, size = (answered if answered != 302 else 0), 0
    if export is not None and export.status == ExportStatus.READY:
        download = reverse("candidacies:staff_export_download", kwargs={"pk": export.pk})
        request = urllib.request.Request(  # noqa: S310
            web.url + download, headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(request, timeout=600) as answer:  # noqa: S310
            status = answer.status
            while chunk := answer.read(1 << 16):
                size += len(chunk)
    elif export is not None:
        status = 500  # the job failed: the list shows it
    return Export(
        label=label,
        rows=rows,
        status=status,
        seconds=seconds,
        size=size,
        peak_kb=peaks[process],
        growth_kb=max(0, peaks[process] - before.get(process, 0)),
        answer_seconds=answer_seconds,
        by_job=True,
    )


def _exports(
    scale: int, cookie: str, web: server.Server, worker: int | None, inline_max_rows: int
) -> list[Export]:
    from django.db import connection
    from django.urls import reverse

    from bench.data import candidacies_up_to

    results = []
    for per_scale in EXPORT_ROWS:
        rows = candidacies_up_to(per_scale * scale)
        connection.close()
        for name, label in (
            ("candidacies:staff_export_csv", "CSV"),
            ("candidacies:staff_export_xlsx", "XLSX"),
        ):
            url = reverse(name) + "?round="  # every round: every row
            title = f"Candidatures, toutes sessions ({label})"
            if rows > inline_max_rows:
                results.append(_export_by_job(url, title, rows, cookie, web, worker))
            else:
                results.append(_export(url, title, rows, cookie, web))
    return results


def _worker_start(env: dict[str, str], folder: Path) -> subprocess.Popen[bytes] | None:
    """The job worker, as in production (PostgreSQL); none in the embedded mode."""
    if env.get("EIG_TASKS_BACKEND") != "procrastinate":
        return None
    return subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--name", "bench"],
        cwd=ROOT,
        env=env,
        stdout=(folder / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )


def main() -> int:
    arguments = _arguments()
    folder = Path(tempfile.mkdtemp(prefix="eig-bench-"))
    where = server.target(folder)
    port = server.free_port()
    bench_environment = server.environment(where, port)
    bench_environment["EIG_EXPORT_INLINE_MAX_ROWS"] = str(arguments.inline_max_rows)
    os.environ.clear()
    os.environ.update(bench_environment)
    web = None
    worker = None
    django_ready = False
    started = time.perf_counter()
    try:
        server.database_create(where)
        import django

        django.setup()
        django_ready = True
        # The test client's requests are counted, not logged.
        logging.getLogger("eig.requests").setLevel(logging.WARNING)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.urls import reverse

        from bench import data
        from eig.accounts.models import User

        print(
            f"Base : {connection.vendor} ({where.database_name}), échelle {arguments.scale}.",
            flush=True,
        )
        call_command("migrate", verbosity=0, interactive=False)
        if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=0)
        if not settings.DEVELOPMENT:
            call_command("collectstatic", verbosity=0, interactive=False)
        print(f"Schéma prêt en {time.perf_counter() - started:.0f} s.", flush=True)
        generated = time.perf_counter()
        volume = data.generate(arguments.scale)
        if connection.vendor == "postgresql":
            # What autovacuum does to a production database within minutes of such a
            # load: statistics for the planner (without them it guesses a handful of rows
            # where there are thousands, and picks nested loops that take seconds) and a
            # visibility map for index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        print(f"Données générées en {time.perf_counter() - generated:.0f} s.", flush=True)

        cookies = {
            ANONYMOUS: "",
            STAFF: _session_cookie(User.objects.get(pk=volume.staff_id)),
            REVIEWER: _session_cookie(User.objects.get(pk=volume.reviewer_id)),
        }
        page_list = pages(volume)
        counted = _measure_queries(page_list, cookies)
        connection.close()  # gunicorn's workers open their own
        server.database_serve(where)
        print(f"Requêtes SQL comptées ({time.perf_counter() - started:.0f} s).", flush=True)

        web = server.start(os.environ.copy(), port, folder, reverse("bench_reference", args=[0]))
        print(
            f"gunicorn : {server.WORKERS} workers sur {web.url}. Charge de chaque page…", flush=True
        )
        _warm(page_list, cookies, web)
        loaded = _load(page_list, cookies, web.url, arguments, folder)
        measures = [
            Measure(
                page=page,
                status=counted[page.label][0],
                queries=counted[page.label][1],
                load=result,
            )
            for page, result in zip(page_list, loaded, strict=True)
        ]
        print(f"Charge finie ({time.perf_counter() - started:.0f} s).", flush=True)
        report.print_pages(
            measures=measures, counts=volume.counts, vendor=connection.vendor, arguments=arguments
        )
        exports = []
        if not arguments.no_exports:
            worker = _worker_start(os.environ.copy(), folder)
            exports = _exports(
                arguments.scale,
                cookies[STAFF],
                web,
                worker.pid if worker else None,
                arguments.inline_max_rows,
            )
        report.print_exports(exports, time.perf_counter() - started)
        timeouts = web.log.read_text(errors="replace").count("WORKER TIMEOUT")
        if timeouts:
            print(f"gunicorn : {timeouts} worker(s) arrêté(s) par son délai (GUNICORN_TIMEOUT).")
        failed = report.failures(measures, exports)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        if web is not None:
            web.stop()
        if django_ready:
            from django.db import connections

            connections.close_all()
        server.database_drop(where)
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        print("\nÉCHEC : " + " ; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
