"""Every e-mail of the project is a French HTML + text pair with a subject,
and its HTML extends emails/base.html (State header, footer, lang="fr")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.utils import get_app_template_dirs


def _email_html_templates() -> list[str]:
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + [
        Path(d) for d in get_app_template_dirs("templates")
    ]
    names = {
        path.relative_to(root).as_posix()
        for root in roots
        for path in (root / "emails").rglob("*.html")
    }
    names.discard("emails/base.html")
    return sorted(names)


def _source(name: str) -> str:
    from django.template.loader import get_template

    return Path(get_template(name).origin.name).read_text(encoding="utf-8")


def test_the_project_has_email_templates():
    assert "emails/notifications/test_message.html" in _email_html_templates()


@pytest.mark.parametrize("html_name", _email_html_templates())
def test_each_email_has_a_text_body_and_a_subject(html_name):
    stem = html_name.removesuffix(".html")

    assert _source(f"{stem}.txt").strip()
    assert _source(f"{stem}_subject.txt").strip()


@pytest.mark.parametrize("html_name", _email_html_templates())
def test_each_html_email_extends_the_base(html_name):
    first_tag = re.search(r"{%.*?%}", _source(html_name))

    assert first_tag is not None
    assert first_tag.group(0).replace("'", '"') == '{% extends "emails/base.html" %}'


def test_the_base_is_french():
    assert '<html lang="fr">' in _source("emails/base.html")
