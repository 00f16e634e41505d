"""Demo data for the embedded development mode: realistic, French, idempotent.

Each app seeds its own part (eig/<app>/demo.py); the ``EIG_DEMO_STEPS`` setting lists
their steps, in the order they depend on each other, so that core imports none of
them. A step is a function without arguments that creates what is missing and returns
what it created, in words, for the command's summary (or None).
"""

import random
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

type DemoStep = Callable[[], str | None]


@transaction.atomic
def demo_seed() -> list[str]:
    """Run every demo step in one transaction; the summaries of those that said one."""
    random.seed(2026)
    summaries = []
    for path in settings.EIG_DEMO_STEPS:
        step: DemoStep = import_string(path)
        summary = step()
        if summary:
            summaries.append(summary)
    return summaries
