"""French plurals in templates (eig/core/templatetags/eig_plural.py)."""

import pytest
from django.template import Context, Template

TEMPLATE = Template(
    "{% load i18n eig_plural %}"
    "{% blocktranslate count counter=total|french_plural with total=total trimmed %}"
    "{{ total }} défi{% plural %}{{ total }} défis{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("total", "expected"), [(0, "0 défi"), (1, "1 défi"), (2, "2 défis"), (101, "101 défis")]
)
def test_zero_and_one_take_the_singular(total, expected):
    assert TEMPLATE.render(Context({"total": total})) == expected
