"""The test database: the data migrations' rows, and rows built once for many tests."""

import contextlib
import copy
import importlib
from collections.abc import Callable, Iterator
from typing import Any

from django.test import override_settings

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Rows that data migrations create. A transactional test (browser journeys, race tests)
# empties the database when it ends, data migrations included; later tests find them
# back thanks to ``_data_migration_rows``.
DATA_MIGRATIONS = (
    ("eig.programmes.migrations.0003_eig_programme", "create_eig_programme"),
    ("eig.selection.migrations.0002_default_ineligibility_reasons", "create_reasons"),
)


def data_migration_rows_ensure():
    """Create the data migrations' rows again if a transactional test emptied the database."""
    from django.apps import apps

    from eig.programmes.models import Programme
    from eig.programmes.selectors import EIG_PROGRAMME_SLUG

    if Programme.objects.filter(slug=EIG_PROGRAMME_SLUG).exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


class BuiltOnce:
    """Rows built once for many tests (a module-scoped fixture), as ``setUpTestData`` does.

    ``built_once`` builds them inside a transaction that it rolls back when the module's
    tests are done. Each test, through the ``db`` fixture, runs in a savepoint inside that
    transaction, rolled back when the test ends: what a test writes never reaches the
    next one. ``fresh()`` gives each test its own copy of the built Python objects (as
    ``setUpTestData`` does), so that a test changing one in memory changes no other test's.
    """

    def __init__(self, value: Any, media_root: Any) -> None:
        self.value = value
        self.media_root = media_root

    def fresh(self, settings: Any) -> Any:
        # Files saved while building (attachments, CVs) are in this folder, not the test's.
        settings.MEDIA_ROOT = self.media_root
        return copy.deepcopy(self.value)


@contextlib.contextmanager
def built_once(
    build: Callable[[], Any], *, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[BuiltOnce]:
    """Build ``build()``'s rows once, in a transaction rolled back at the end (see above).

    For a module-scoped fixture that also requests ``django_db_setup``; the tests use
    the ``db`` fixture as usual and call ``fresh(settings)`` on what this yields.
    """
    from django.db import transaction

    media_root = tmp_path_factory.mktemp("built-once-media")
    outer = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
    ):
        outer.__enter__()
        try:
            data_migration_rows_ensure()
            built = BuiltOnce(build(), media_root)
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
