"""``{{ amount|euros }}`` → « 5 000,00 € », ``{{ rate|percent }}`` → « 10 % »
(see ``eig.core.money``)."""

from typing import Any

from django import template

from eig.core import money

register = template.Library()


@register.filter
def euros(amount: Any) -> str:
    return money.euros(amount)


@register.filter
def percent(rate: Any) -> str:
    return money.percent(rate)
