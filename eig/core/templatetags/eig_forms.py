"""The shared pieces of every form page: the error summary, the field's requirement.

``{% error_summary form %}`` renders the summary that the shared script focuses when
the page loads after a refused submission (DSFR's pattern: one alert that links to each
field in error). ``DsfrForm`` renders it itself (``core/forms/form.html``); pages that lay
out their fields by hand include it above their ``<form>``. ``title`` and ``hint`` let a
page say what was not saved.
"""

from typing import Any

from django import forms, template

from eig.core.forms import field_requirement, form_error_summary

register = template.Library()


@register.inclusion_tag("core/forms/error_summary.html")
def error_summary(form: forms.BaseForm | None, title: str = "", hint: str = "") -> dict[str, Any]:
    if form is None or not form.is_bound or not form.errors:
        return {"show": False}
    general, fields = form_error_summary(form)
    return {
        "show": True,
        "general": general,
        "fields": fields,
        "count": len(fields) + (1 if general and not fields else 0),
        "title": title,
        "hint": hint,
        "prefix": form.prefix or "form",
    }


@register.filter
def requirement(field: forms.BoundField) -> str:
    """``{{ field.label }}{{ field|requirement }}``: " (facultatif)", " (obligatoire…)"."""
    return field_requirement(field.field)
