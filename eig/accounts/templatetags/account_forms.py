"""DSFR form fields for the account pages: label, hint, errors linked by aria-describedby."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


def field_widget(field: BoundField, *, hint: str, kind: str) -> SafeString:
    """The field's input with DSFR classes; hints and errors announced with it.

    The pages write their own hints: allauth's help texts (HTML with links) are dropped.
    """
    field.field.help_text = ""
    attrs: dict[str, Any] = {"placeholder": False}
    if kind == "input":
        attrs["class"] = "fr-input fr-input--error" if field.errors else "fr-input"
    described = []
    if hint:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-messages")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("accounts/includes/field.html")
def account_field(
    field: BoundField, label: str = "", hint: str = "", kind: str = "input"
) -> dict[str, Any]:
    """``{% account_field form.email label="E-mail" hint="..." %}``; kind: input or checkbox."""
    return {
        "field": field,
        "label": label or field.label,
        "hint": hint,
        "kind": kind,
        "widget": field_widget(field, hint=hint, kind=kind),
    }


@register.filter
def minutes(delay: Any) -> int:
    """A timedelta as a whole number of minutes (at least 1)."""
    return max(1, round(delay.total_seconds() / 60)) if delay else 0
