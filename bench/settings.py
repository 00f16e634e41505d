"""The bench server's settings: the project's own, plus the reference view's URL.

Used only by ``make bench`` (bench/pages.py sets ``DJANGO_SETTINGS_MODULE`` for its own
process and for the gunicorn it starts); production never loads this module.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic of the production storage goes to the bench's temporary folder.
if os.environ.get("EIG_BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["EIG_BENCH_STATIC_ROOT"])
