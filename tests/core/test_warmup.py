"""The warm-up that gunicorn's master runs before it forks its workers (config/wsgi.py): a
new worker's first pages compile no template, and the warm-up itself never touches the
database (the master must hold no connection its workers would share)."""

from unittest import mock

import pytest
from django.template import engines
from django.template.base import Template
from django.urls import clear_url_caches, reverse

from eig.core.warmup import warm_up
from tests.factories import StaffFactory


def _as_a_new_process() -> None:
    """Forget every compiled template and the URL tables, as a process that just started."""
    for backend in engines.all():
        for loader in backend.engine.template_loaders:
            loader.reset()
    clear_url_caches()


def _compiled_while(visit) -> int:
    with mock.patch.object(
        Template, "compile_nodelist", autospec=True, side_effect=Template.compile_nodelist
    ) as compiled:
        visit()
    return compiled.call_count


def test_the_warm_up_touches_no_database():
    # No django_db mark: any query, or a connection opened, fails this test.
    _as_a_new_process()

    warm_up()


@pytest.mark.django_db
def test_after_the_warm_up_the_first_pages_compile_no_template(client):
    staff = StaffFactory()
    urls = [reverse("public:home"), reverse("challenges:catalogue"), reverse("impact:page")]
    staff_urls = [reverse("candidacies:staff_list"), reverse("challenges:staff_list")]

    def visit() -> None:
        for url in urls:
            assert client.get(url).status_code == 200
        client.force_login(staff)
        for url in staff_urls:
            assert client.get(url).status_code == 200

    _as_a_new_process()
    warm_up()

    assert _compiled_while(visit) == 0


@pytest.mark.django_db
def test_without_the_warm_up_the_first_page_compiles_its_templates(client):
    # What the warm-up saves a new worker, and what makes the test above able to fail.
    _as_a_new_process()

    assert _compiled_while(lambda: client.get(reverse("public:home"))) > 0
