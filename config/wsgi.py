import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Before gunicorn forks its workers (preload_app): each is born with the views imported,
# the URL tables built and the templates compiled (eig/core/warmup.py).
from eig.core.warmup import warm_up  # noqa: E402

warm_up()
