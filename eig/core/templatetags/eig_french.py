"""``{{ name|de }}`` → « d’Emmanuelle » or « de Paul »; ``{{ role|que }}`` → « qu’agent »
(see ``eig.core.french``)."""

from typing import Any

from django import template
from django.template import defaultfilters
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from eig.core.french import elide, gendered

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


@register.filter(expects_localtime=True)
def french_date(value: Any, date_format: str = "j F Y") -> str:
    """Django's ``date`` filter, with « 1er » for the first of the month (« le 1er décembre »)."""
    day = getattr(value, "day", None)
    if day == 1:
        date_format = date_format.replace("j", r"j\e\r", 1)
    return defaultfilters.date(value, date_format)


@register.filter(name="gendered")
def gendered_filter(label: Any, gender: str | None) -> str:
    """``{{ venture.get_role_display|gendered:candidate.gender }}`` → « Fondatrice »."""
    return gendered(label, gender)
