"""Rows built once for many tests (tests/database.py): each test starts from them as
they were built, whatever the tests before it wrote."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from eig.accounts.models import User
from tests.database import built_once
from tests.factories import StaffFactory

BUILDS = []


def _build():
    BUILDS.append("built")
    default_storage.save("construit.txt", ContentFile(b"une fois"))
    return SimpleNamespace(staff=StaffFactory(first_name="Camille"), users=User.objects.count())


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(
        _build, django_db_blocker=django_db_blocker, tmp_path_factory=tmp_path_factory
    ) as built:
        yield built


@pytest.fixture
def built(_built, db, settings):
    return _built.fresh(settings)


# Two identical tests: whichever runs second fails if the first one's writes leaked.
@pytest.mark.parametrize("case", ["first", "second"])
def test_a_test_never_sees_what_another_wrote(built, case):
    assert User.objects.count() == built.users
    assert User.objects.get(pk=built.staff.pk).first_name == "Camille"
    assert built.staff.first_name == "Camille"
    assert default_storage.open("construit.txt").read() == b"une fois"

    built.staff.first_name = "Dominique"
    built.staff.save()
    StaffFactory()


def test_the_rows_are_built_once_for_the_module(built):
    assert BUILDS.count("built") == 1


def test_the_rows_are_gone_once_the_module_is_done(db, django_db_blocker, tmp_path_factory):
    with built_once(
        lambda: SimpleNamespace(staff=StaffFactory()),
        django_db_blocker=django_db_blocker,
        tmp_path_factory=tmp_path_factory,
    ) as built:
        assert User.objects.filter(pk=built.value.staff.pk).exists()
    assert not User.objects.filter(pk=built.value.staff.pk).exists()
