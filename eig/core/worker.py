"""A job worker that outlives its database (``manage.py run_worker``).

Procrastinate's worker stops when its database connection fails (PostgreSQL restarted,
a fail-over, a network cut): its listener dies and it stops "on all queues". This
supervisor runs it again in the same process once the database answers, so jobs run
again within seconds of PostgreSQL coming back, with no supervisor needed. If the
database stays away longer than ``max_downtime``, it exits with status 1 and leaves
the restart to the process supervisor (systemd's ``Restart=always``, the PaaS), whose
logs then show the outage. SIGTERM and SIGINT stop it gracefully, with status 0.
"""

import asyncio
import contextlib
import logging
import signal
import time
from typing import Any, cast

import psycopg
from procrastinate.contrib.django import app as procrastinate_app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.contrib.django.utils import connector_params

logger = logging.getLogger(__name__)

RECONNECT_EVERY_SECONDS = 2.0


async def worker_supervise(
    *, max_downtime: float, reconnect_every: float = RECONNECT_EVERY_SECONDS, **options: Any
) -> int:
    """Run the worker until a signal stops it (0) or the database stays down (1)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    while True:
        error = await _worker_run_until_stopped(stop, options)
        if stop.is_set():
            logger.info("Job worker stopped on request")
            return 0
        logger.error(
            "Job worker stopped by itself (%s): restarting once the database answers", error
        )
        if not await _database_wait(stop, max_downtime, reconnect_every):
            if stop.is_set():
                return 0
            logger.error("The database did not answer for %s s: exiting", max_downtime)
            return 1
        logger.warning("The database answers again: restarting the job worker")


async def _worker_run_until_stopped(stop: asyncio.Event, options: dict[str, Any]) -> str:
    """Run one worker; return why it ended by itself (empty when stopped on request)."""
    connector = cast(DjangoConnector, procrastinate_app.connector).get_worker_connector()
    with procrastinate_app.replace_connector(connector) as app:
        try:
            async with app.open_async():
                worker = asyncio.create_task(
                    app.run_worker_async(install_signal_handlers=False, **options)
                )
                stopped = asyncio.create_task(stop.wait())
                await asyncio.wait({worker, stopped}, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if stop.is_set():
                    worker.cancel()  # a cancelled worker finishes its jobs, then stops
                await asyncio.gather(worker, return_exceptions=True)
                return _ending(worker)
        except Exception as error:  # opening or closing the pool on a dead database
            return repr(error)


def _ending(worker: asyncio.Task[None]) -> str:
    if worker.cancelled():
        return ""
    error = worker.exception()
    return repr(error) if error else "the worker stopped (see its log above)"


async def _database_wait(stop: asyncio.Event, max_downtime: float, every: float) -> bool:
    """True once the database accepts a connection; False after ``max_downtime`` or a stop."""
    deadline = time.monotonic() + max_downtime
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            connection = await psycopg.AsyncConnection.connect(
                **connector_params(), connect_timeout=5
            )
        except psycopg.Error:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)
            continue
        await connection.close()
        return True
    return False
