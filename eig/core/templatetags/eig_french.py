"""``{{ name|de }}`` → « d’Emmanuelle » or « de Paul »; ``{{ role|que }}`` → « qu’agent »
(see ``eig.core.french``)."""

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from eig.core.french import elide

register = template.Library()


def _elided(word: str, value: Any, autoescape: bool) -> SafeString:
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(elide(word, text))  # noqa: S308 -- the value is escaped above


@register.filter(needs_autoescape=True)
def de(value: Any, autoescape: bool = True) -> SafeString:
    return _elided("de", value, autoescape)


@register.filter(needs_autoescape=True)
def que(value: Any, autoescape: bool = True) -> SafeString:
    return _elided("que", value, autoescape)
