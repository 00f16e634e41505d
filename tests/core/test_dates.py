"""Plausible dates: one window helper for every date typed in a form, with a French message."""

import datetime
import importlib
import pkgutil

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError

import eig
from eig.core.dates import (
    AROUND_NOW,
    PROGRAMME_LIFE,
    UP_TO_TODAY,
    DateWindow,
    plausible_date_validate,
)
from eig.core.forms import DsfrForm, PlausibleDateField

TODAY = datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)


def _all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(eig.__path__, "eig."):
        if "form" in module.name.rsplit(".", 1)[-1]:
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        form_class = todo.pop()
        todo.extend(form_class.__subclasses__())
        if form_class.__module__.startswith("eig."):
            found.append(form_class)
    return found


def test_every_date_field_of_every_form_has_a_plausible_window():
    classes = _all_form_classes()
    dated = {
        f"{form_class.__module__}.{form_class.__name__}.{name}": field
        for form_class in classes
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField)
    }

    assert len(dated) >= 11  # offers (2), measurement, interview, rounds (6), pay grid, token
    loose = sorted(
        name for name, field in dated.items() if not isinstance(field, PlausibleDateField)
    )
    assert not loose, f"Champs de date sans fenêtre plausible : {loose}"


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("window", "day", "accepted"),
    [
        (PROGRAMME_LIFE, datetime.date(1, 1, 1), False),
        (PROGRAMME_LIFE, datetime.date(2015, 12, 31), False),
        (PROGRAMME_LIFE, datetime.date(2016, 1, 1), True),
        (PROGRAMME_LIFE, datetime.date(2029, 12, 2), True),
        (PROGRAMME_LIFE, datetime.date(9999, 12, 31), False),
        (UP_TO_TODAY, datetime.date(2026, 12, 2), True),
        (UP_TO_TODAY, datetime.date(2026, 12, 3), False),
        (AROUND_NOW, datetime.date(2025, 12, 1), True),
        (AROUND_NOW, datetime.date(2025, 11, 30), False),
        (AROUND_NOW, datetime.date(2028, 12, 3), True),
        (AROUND_NOW, datetime.date(2028, 12, 4), False),
    ],
)
def test_windows_follow_today(window, day, accepted):
    if accepted:
        plausible_date_validate(day, window)
    else:
        with pytest.raises(ValidationError):
            plausible_date_validate(day, window)


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("window", "message"),
    [
        (PROGRAMME_LIFE, "Indiquez une date entre le 1er janvier 2016 et le 4 décembre 2029."),
        (
            UP_TO_TODAY,
            "Indiquez une date entre le 1er janvier 2016 et aujourd’hui : "
            "elle ne peut pas être dans le futur.",
        ),
        (DateWindow(first=1, last=366), "Indiquez une date entre demain et le 3 décembre 2027."),
    ],
)
def test_the_message_names_the_window_in_french(window, message):
    with pytest.raises(ValidationError) as refused:
        plausible_date_validate(datetime.date(1, 1, 1), window)

    assert refused.value.messages == [message]


class _Form(DsfrForm):
    day = PlausibleDateField(label="Jour", window=UP_TO_TODAY)
    optional = PlausibleDateField(label="Autre jour", required=False)


@time_machine.travel(TODAY)
def test_a_form_refuses_year_one_and_its_picker_offers_only_the_window():
    form = _Form({"day": "0001-01-01", "optional": ""})

    assert not form.is_valid()
    assert form.errors["day"][0].startswith("Indiquez une date entre le 1er janvier 2016")
    assert "optional" not in form.errors
    html = str(_Form()["day"])
    assert 'min="2016-01-01"' in html
    assert 'max="2026-12-02"' in html
    assert 'type="date"' in html


def test_the_picker_bounds_move_with_the_day():
    with time_machine.travel(TODAY):
        before = str(_Form()["day"])
    with time_machine.travel(TODAY + datetime.timedelta(days=1)):
        after = str(_Form()["day"])

    assert 'max="2026-12-02"' in before
    assert 'max="2026-12-03"' in after
