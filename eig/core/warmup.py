"""What a web worker would otherwise do at its first request, done before it serves one.

gunicorn loads the application once in its master and forks the workers from it
(``preload_app``), again every ``max_requests``. Without this, each new worker imports
the views behind the URLs, builds the URL tables and compiles the templates during its
first request: about 0.9 s, while the requests queued behind it wait. Done once in the
master, every worker is born with them. Nothing here touches the database: the master
must hold no connection its workers would share.
"""

from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver, reverse
from django.utils import translation


def warm_up() -> None:
    """Import every view, build the URL tables in each language, compile the templates."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("public:home")
    get_resolver().resolve("/")
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            _compile_templates(backend)


def _compile_templates(backend: DjangoTemplates) -> None:
    """Each template the engine can find, through its cached loader, as a request would."""
    folders = [Path(folder) for folder in backend.engine.dirs]
    if backend.engine.app_dirs:
        folders += [Path(folder) for folder in get_app_template_dirs("templates")]
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if not file.is_file():
                continue
            try:
                backend.engine.get_template(file.relative_to(folder).as_posix())
            except TemplateSyntaxError:
                # A third party's template for a part of it we do not install (allauth's
                # social accounts): never rendered here, so never compiled either.
                continue
