"""Forms in the State design system (DSFR), with accessible errors.

``DsfrForm`` and ``DsfrModelForm`` render each field as a DSFR input group: the
label holds the hint, the errors sit in an element the input names with
``aria-describedby`` (Django adds ``<id>_helptext`` and ``<id>_error``), and the
input carries ``aria-invalid`` when it has errors.
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorList

from eig.core.dates import PROGRAMME_LIFE, DateWindow, plausible_date_validate

FIELD_TEMPLATE = "core/forms/field.html"


class DsfrErrorList(ErrorList):
    template_name = "core/forms/errors.html"


def _dsfr_classes(field: forms.Field) -> None:
    widget = field.widget
    field.template_name = FIELD_TEMPLATE  # type: ignore[attr-defined]
    if isinstance(widget, forms.CheckboxInput):
        return
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        widget.attrs.setdefault("class", "fr-select")
    elif not isinstance(widget, forms.FileInput | forms.RadioSelect):
        widget.attrs.setdefault("class", "fr-input")


class DateInput(forms.DateInput):
    """A native date picker (the browser shows the French format)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlausibleDateField(forms.DateField):
    """A date in a plausible ``window`` (see ``eig.core.dates``): every form's date field
    (a model form names it in ``Meta.field_classes``; tests/core/test_dates.py checks).

    The date picker offers only the window's days (``min`` and ``max``, set when the
    form is built, so that they follow today); the server checks it again.
    """

    widget = DateInput

    def __init__(self, *, window: DateWindow = PROGRAMME_LIFE, **kwargs: Any) -> None:
        self.window = window
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date):
            plausible_date_validate(value, self.window)

    def picker_bounds_set(self) -> None:
        first, last = self.window.bounds()
        self.widget.attrs.update(min=f"{first:%Y-%m-%d}", max=f"{last:%Y-%m-%d}")


class DsfrFormMixin:
    template_name = "core/forms/form.html"
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", DsfrErrorList)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _dsfr_classes(field)
            if isinstance(field, PlausibleDateField):
                field.picker_bounds_set()


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass


def form_add_service_error(form: forms.BaseForm, error: Exception) -> None:
    """Show a service's refusal on the form, next to the field it concerns when there is one.

    ``error`` is a ``DomainError`` (its French message) or a ``ValidationError`` from
    ``full_clean()``; errors about fields the form does not have go to the top.
    """
    message = getattr(error, "message", None)
    if not isinstance(error, ValidationError):
        form.add_error(None, str(message or error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)
