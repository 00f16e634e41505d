"""The tests' ``string_if_invalid`` (tests/templates_strict.py): a variable missing from a
project template's context fails the test; third-party templates keep Django's ``""``."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, engines
from django.template.base import Origin, Template

from tests.templates_strict import UndefinedTemplateVariable

PROJECT = Path(settings.BASE_DIR) / "templates" / "exemple.html"
LIBRARY = Path(settings.BASE_DIR) / ".venv" / "lib" / "dsfr" / "templates" / "exemple.html"


def render(source: str, where: Path, **context) -> str:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    template = Template(source, origin=Origin(name=str(where)), engine=engine)
    return template.render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "{{ present.missing }}",
        "{{ missing|upper }}",
        '{% url "public:home" as home %}{{ home }}{% url missing %}',
    ],
)
def test_a_missing_variable_in_a_project_template_fails(source):
    with pytest.raises(UndefinedTemplateVariable, match=r"exemple\.html, line 1: .*missing"):
        render(source, PROJECT, present={"here": 1})


def test_conditions_and_loops_of_a_project_template_still_ignore_missing_variables():
    source = "{% if missing %}oui{% else %}non{% endif %}{% for x in missing %}{{ x }}{% endfor %}"
    assert render(source, PROJECT) == "non"


def test_present_values_render_as_usual():
    assert render("{{ name|upper }} {{ empty }}", PROJECT, name="défi", empty="") == "DÉFI "


def test_third_party_templates_keep_django_s_empty_string():
    source = '[{{ missing }}] [{{ missing|default:"défaut" }}] {% if missing %}oui{% endif %}'
    assert render(source, LIBRARY) == "[] [défaut] "
