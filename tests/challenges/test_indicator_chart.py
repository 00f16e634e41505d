"""The geometry of an indicator's line chart (eig/challenges/indicator_chart.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from eig.challenges.indicator_chart import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    WIDTH,
    boxes_overlap,
    french_date,
    french_number,
    indicator_chart,
    label_box,
    point_box,
)

LEFT, RIGHT = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
TOP, BOTTOM = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM


@dataclass
class FakeIndicator:
    name: str = "Délai moyen de traitement"
    unit: str = "jours"
    baseline: Decimal = Decimal("90")
    target: Decimal = Decimal("15")


@dataclass
class FakeMeasurement:
    value: Decimal
    measured_on: datetime.date


def _m(value: str, day: str) -> FakeMeasurement:
    return FakeMeasurement(Decimal(value), datetime.date.fromisoformat(day))


def test_french_numbers_and_dates():
    assert french_number(Decimal("12.50")) == "12,5"
    assert french_number(Decimal("90.00")) == "90"
    assert french_number(Decimal("1500")) == "1\u202f500"
    assert french_number(Decimal("-1234567.25")) == "-1\u202f234\u202f567,25"
    assert french_number(0.1 + 0.2) == "0,3"
    assert french_date(datetime.date(2026, 3, 1)) == "01/03/2026"


def test_points_are_placed_by_date_and_value_inside_the_plot():
    measurements = [_m("80", "2026-01-01"), _m("50", "2026-01-11"), _m("30", "2026-01-21")]
    chart = indicator_chart(FakeIndicator(), measurements)

    xs = [point.x for point in chart.points]
    assert xs[0] == LEFT
    assert xs[-1] == RIGHT
    assert xs[1] == (LEFT + RIGHT) / 2  # 10 days out of 20
    ys = [point.y for point in chart.points]
    assert ys == sorted(ys)  # values go down, so the points go down the screen (y grows)
    assert all(TOP <= y <= BOTTOM for y in ys)
    assert chart.polyline == " ".join(f"{p.x:g},{p.y:g}" for p in chart.points)
    assert chart.points[1].label == "11/01/2026 : 50 jours"


def test_baseline_and_target_are_labelled_lines_with_every_value_on_the_axis():
    chart = indicator_chart(FakeIndicator(), [_m("30", "2026-01-01"), _m("20", "2026-02-01")])

    # The target (15) is lower than the baseline (90): lower on the chart (larger y).
    assert chart.target.y > chart.baseline.y
    assert chart.baseline.label == "Départ : 90 jours"
    assert chart.target.label == "Cible : 15 jours"
    labels = [tick.label for tick in chart.y_ticks]
    assert labels[0] == "0"
    assert labels[-1] == "100"
    positions = [tick.position for tick in chart.y_ticks]
    assert positions[0] == BOTTOM
    assert positions[-1] == TOP
    assert [tick.label for tick in chart.x_ticks] == ["01/01/2026", "01/02/2026"]


def test_decimal_values_get_a_french_decimal_comma_on_the_axis():
    indicator = FakeIndicator(unit="%", baseline=Decimal("0.5"), target=Decimal("1.5"))
    chart = indicator_chart(indicator, [_m("0.75", "2026-01-01")])
    assert any("," in tick.label for tick in chart.y_ticks)
    assert not any("." in tick.label for tick in chart.y_ticks)
    assert chart.target.label == "Cible : 1,5 %"


def test_no_measurement_draws_only_the_reference_lines():
    chart = indicator_chart(FakeIndicator(), [])
    assert chart.points == []
    assert chart.polyline == ""
    assert chart.x_ticks == []
    assert TOP <= chart.baseline.y <= BOTTOM
    assert "Aucune mesure" in chart.description


def test_one_measurement_is_a_point_in_the_middle_without_a_line():
    chart = indicator_chart(FakeIndicator(), [_m("42", "2026-05-04")])
    assert len(chart.points) == 1
    assert chart.points[0].x == (LEFT + RIGHT) / 2
    assert chart.polyline == ""
    assert [tick.label for tick in chart.x_ticks] == ["04/05/2026"]
    assert "1 mesure, le 04/05/2026" in chart.description


def test_equal_values_widen_the_axis_around_them():
    indicator = FakeIndicator(baseline=Decimal("7"), target=Decimal("7"))
    chart = indicator_chart(indicator, [_m("7", "2026-01-01"), _m("7", "2026-01-02")])
    ys = {point.y for point in chart.points}
    assert len(ys) == 1
    (y,) = ys
    assert TOP < y < BOTTOM
    assert chart.baseline.y == chart.target.y == y
    # Their labels do not overlap (the points sit on the line at both ends).
    assert not boxes_overlap(label_box(chart.baseline), label_box(chart.target))
    assert len(chart.y_ticks) >= 2


def test_all_zero_values_still_make_an_axis():
    indicator = FakeIndicator(baseline=Decimal("0"), target=Decimal("0"))
    chart = indicator_chart(indicator, [_m("0", "2026-01-01")])
    assert len(chart.y_ticks) >= 2
    assert TOP < chart.points[0].y < BOTTOM


def test_many_measurements_keep_a_few_date_ticks_including_the_first_and_last():
    start = datetime.date(2026, 1, 1)
    measurements = [
        FakeMeasurement(Decimal(i), start + datetime.timedelta(days=7 * i)) for i in range(30)
    ]
    chart = indicator_chart(FakeIndicator(), measurements)
    assert len(chart.x_ticks) == 5
    assert chart.x_ticks[0].label == "01/01/2026"
    assert chart.x_ticks[-1].label == french_date(measurements[-1].measured_on)
    assert len(chart.points) == 30


def test_the_description_tells_the_span_and_the_latest_value():
    chart = indicator_chart(FakeIndicator(), [_m("80", "2026-01-01"), _m("42.5", "2026-03-15")])
    assert chart.description == (
        "Valeur de départ : 90 jours ; cible : 15 jours. 2 mesures, du 01/01/2026 au "
        "15/03/2026. Dernière valeur mesurée : 42,5 jours, le 15/03/2026."
    )


def test_the_target_label_leaves_the_last_point_visible():
    """The last measurement reaches the target at the right end, where its label sits."""
    measurements = [_m("80", "2026-01-01"), _m("40", "2026-02-01"), _m("15", "2026-03-01")]

    chart = indicator_chart(FakeIndicator(), measurements)

    last = chart.points[-1]
    assert (last.x, last.y) == (RIGHT, chart.target.y)
    target = label_box(chart.target)
    assert not any(boxes_overlap(target, point_box(point)) for point in chart.points)
    assert not boxes_overlap(target, label_box(chart.baseline))
    # Still above its line, moved just past the point.
    assert (chart.target.label_anchor, chart.target.label_y) == ("end", chart.target.y - 5)
    assert chart.target.label_x < RIGHT - 6


def test_the_baseline_label_leaves_the_first_point_visible():
    measurements = [_m("90", "2026-01-01"), _m("60", "2026-02-01")]

    chart = indicator_chart(FakeIndicator(), measurements)

    baseline = label_box(chart.baseline)
    assert not any(boxes_overlap(baseline, point_box(point)) for point in chart.points)


def test_labels_keep_their_usual_place_when_nothing_is_there():
    chart = indicator_chart(FakeIndicator(), [_m("50", "2026-01-15"), _m("45", "2026-01-16")])

    assert (chart.baseline.label_anchor, chart.baseline.label_y) == ("start", chart.baseline.y - 5)
    assert (chart.target.label_anchor, chart.target.label_y) == ("end", chart.target.y - 5)
    assert chart.target.label_x == RIGHT - 6
