"""``{{ value|french_number }}``: a measured value the French way (« 42,5 », « 1 500 »)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from eig.challenges.indicator_chart import french_number as _french_number

register = template.Library()


@register.filter
def french_number(value: Any) -> str:
    try:
        return _french_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return "" if value is None else str(value)
