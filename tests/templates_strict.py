"""In the tests, a variable a project template uses but its context lacks fails the test.

Django renders a missing variable as ``string_if_invalid`` (``""`` by default), which hides
a misspelt name or a value a view forgot to pass. The tests set ``string_if_invalid`` to
``UndefinedVariable()``: a variable printed or passed to a tag (``{{ x }}``,
``{% url "..." x %}``, ``{% include ... with a=x %}``) that does not resolve raises
``UndefinedTemplateVariable`` when the template is one of the project's (``templates/``,
``eig/*/templates/``). ``{% if x %}``, ``{% for %}`` and filters such as ``|default`` keep
Django's behaviour (they ignore missing variables by design).

Third-party templates (Django's admin, django-dsfr, allauth, django-ninja) rely on
missing variables rendering as ``""``: in them the value behaves exactly as the default
``""``, filters included.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.template.base import FilterExpression, Node

PROJECT_TEMPLATE_FOLDERS = (
    Path(settings.BASE_DIR) / "templates",
    Path(settings.BASE_DIR) / "eig",
)


class UndefinedTemplateVariable(Exception):
    pass


def _is_project_template(name: str) -> bool:
    path = Path(name)
    return any(path.is_relative_to(folder) for folder in PROJECT_TEMPLATE_FOLDERS)


def _node_being_rendered() -> Node | None:
    frame = sys._getframe(2)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Node):
            return candidate
        frame = frame.f_back
    return None


class UndefinedVariable(str):
    """``string_if_invalid`` for the tests (see the module's docstring).

    Django's ``FilterExpression.resolve`` asks ``if string_if_invalid:``: true only there,
    in a project template's node, so that it goes on to ``string_if_invalid % name``,
    which raises. Anywhere else the value is false and empty, as ``""``.
    """

    def __new__(cls) -> "UndefinedVariable":
        return super().__new__(cls, "")

    def __bool__(self) -> bool:
        caller = sys._getframe(1)
        if not isinstance(caller.f_locals.get("self"), FilterExpression):
            return False
        node = _node_being_rendered()
        origin = getattr(node, "origin", None)
        return origin is not None and _is_project_template(str(origin.name))

    def __contains__(self, item: object) -> bool:
        return item == "%s"

    def __mod__(self, variable: object) -> str:
        node = _node_being_rendered()
        origin = getattr(node, "origin", None)
        where = getattr(origin, "name", "?")
        line = getattr(node, "token", None) and node.token.lineno  # type: ignore[union-attr]
        raise UndefinedTemplateVariable(
            f"{where}, line {line}: the variable {variable} is not in the template's context"
        )


def install() -> None:
    """Make every Django template engine of the tests use ``UndefinedVariable``."""
    from django.test.signals import reset_template_engines

    for engine in settings.TEMPLATES:
        if engine["BACKEND"] == "django.template.backends.django.DjangoTemplates":
            engine.setdefault("OPTIONS", {})["string_if_invalid"] = UndefinedVariable()
    reset_template_engines(setting="TEMPLATES")
