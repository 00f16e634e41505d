"""Forms in the State design system (DSFR), with accessible errors.

``DsfrForm`` and ``DsfrModelForm`` render each field as a DSFR input group: the
label holds the hint, the errors sit in an element the input names with
``aria-describedby`` (Django adds ``<id>_helptext`` and ``<id>_error``), and the
input carries ``aria-invalid`` when it has errors.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model
from django.forms.utils import ErrorList
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from eig.core.dates import PROGRAMME_LIFE, DateWindow, plausible_date_validate
from eig.core.fields import TextLengthValidator

FIELD_TEMPLATE = "core/forms/field.html"
# Radio buttons as a DSFR fieldset, each choice with its hint.
RADIO_TEMPLATE = "core/forms/radio_field.html"
# A free text whose form does not say otherwise (its model field usually does).
TEXT_DEFAULT_MAX_LENGTH = 4000


def text_max_length(model: type[Model], name: str) -> int:
    """The maximum of a model's text, for a form field declared by hand."""
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    assert max_length, f"{model.__name__}.{name} has no max_length"  # noqa: S101
    return int(max_length)


def require_when(field: forms.Field, condition: str | Promise) -> None:
    """Mark an optional field that a rule makes required: its label says when.

    The form cannot require it (the rule depends on another answer, or on the moment
    of the submission), so the label must not say "(facultatif)" either:
    ``require_when(field, _("obligatoire pour une décision du comité"))``.
    """
    field.required_when = condition  # type: ignore[attr-defined]


def field_requirement(field: forms.Field) -> str:
    """What follows a field's label: nothing when required, the rule that makes it
    required when there is one, "(facultatif)" otherwise. One place for every form."""
    if field.required:
        return ""
    condition = getattr(field, "required_when", None)
    if condition:
        return f" ({condition})"
    return f" ({_('facultatif')})"


@dataclass(frozen=True)
class FieldError:
    """One line of a form's error summary: a link to the field, its label, its errors."""

    anchor: str
    label: str
    messages: list[str]


def form_error_summary(form: forms.BaseForm) -> tuple[list[str], list[FieldError]]:
    """The form's general errors, and one entry per visible field in error, in order.

    The anchor is the element a click should focus: the input itself, or the first
    radio button or checkbox of a group (whose ``id_for_label`` is empty).
    """
    general = [str(error) for error in form.non_field_errors()]
    fields = []
    for bound in form:
        if not bound.errors:
            continue
        messages = [str(error) for error in bound.errors]
        if bound.is_hidden:
            general.extend(messages)
            continue
        anchor = bound.id_for_label or f"{bound.auto_id}_0"
        fields.append(FieldError(anchor=anchor, label=str(bound.label), messages=messages))
    return general, fields


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
    if (
        isinstance(field, forms.CharField)
        and isinstance(widget, forms.Textarea)
        and not field.max_length
    ):
        # Every free text has a maximum: a megabyte was once stored and rendered.
        field.max_length = TEXT_DEFAULT_MAX_LENGTH
        field.validators.append(MaxLengthValidator(TEXT_DEFAULT_MAX_LENGTH))
        widget.attrs.update(field.widget_attrs(widget))
    max_length = getattr(field, "max_length", None)
    if isinstance(field, forms.CharField) and max_length:
        # One French message for every text too long, saying by how much.
        field.validators = [
            TextLengthValidator(max_length) if isinstance(v, MaxLengthValidator) else v
            for v in field.validators
        ]
    if isinstance(widget, forms.Textarea) and max_length:
        # The shared script (eig/forms.js) counts the characters as the person types.
        widget.attrs.setdefault("data-character-count", "true")


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
