"""The geometry of an indicator's line chart, computed on the server.

Pure Python, no drawing library: the template draws an inline SVG from these numbers
(the content security policy forbids scripts and inline styles, so the chart uses SVG
presentation attributes only). x is the date of each measurement, y its value; the
baseline and the target are horizontal dashed lines, labelled. Dates read
dd/mm/yyyy and numbers take a French decimal comma.

Edge cases: no measurement (only the baseline and target lines), one measurement or
all on the same day (a point in the middle), every value equal (the y axis is
widened around it).
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eig.core.charts import round_step

WIDTH = 640
HEIGHT = 300
MARGIN_LEFT = 72
MARGIN_RIGHT = 40
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
MAX_X_TICKS = 5
Y_TICKS_WANTED = 4
# Two line labels closer than this (in pixels) would overlap: one goes under its line.
LABEL_CLEARANCE = 16


def french_number(value: Decimal | float | int) -> str:
    """12.5 -> "12,5"; 1500 -> "1 500" (narrow no-break space); at most 2 decimals."""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if number < 0 else ""
    whole, _dot, decimals = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = "\u202f".join(groups)
    decimals = decimals.rstrip("0")
    return f"{sign}{text},{decimals}" if decimals else f"{sign}{text}"


def french_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ReferenceLine:
    """The baseline or the target: a dashed horizontal line and its label."""

    y: float
    label: str
    label_y: float


@dataclass(frozen=True)
class IndicatorChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    baseline: ReferenceLine
    target: ReferenceLine
    points: list[Point] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    description: str = ""

    @property
    def polyline(self) -> str:
        """The points joined, as an SVG ``points`` attribute (empty under two points)."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.points)

    @property
    def x_label_y(self) -> int:
        return self.bottom + 20

    @property
    def y_label_x(self) -> int:
        return self.left - 8


def _y_range(values: Sequence[float]) -> tuple[float, float, float]:
    """The axis's lowest and highest values and its tick step, round numbers that
    include every value."""
    low, high = min(values), max(values)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = round_step((high - low) / Y_TICKS_WANTED)
    axis_low = math.floor(round(low / step, 9)) * step
    axis_high = math.ceil(round(high / step, 9)) * step
    return axis_low, axis_high, step


def _x_tick_days(days: Sequence[datetime.date]) -> list[datetime.date]:
    distinct = sorted(set(days))
    if len(distinct) <= MAX_X_TICKS:
        return distinct
    last = len(distinct) - 1
    indexes = sorted({round(i * last / (MAX_X_TICKS - 1)) for i in range(MAX_X_TICKS)})
    return [distinct[i] for i in indexes]


def _label_positions(baseline_y: float, target_y: float, top: int) -> tuple[float, float]:
    """Each label sits just above its line; when the lines are close, the lower one's
    label goes under it so they never overlap."""
    baseline_label, target_label = baseline_y - 5, target_y - 5
    if abs(baseline_y - target_y) < LABEL_CLEARANCE:
        if baseline_y >= target_y:
            baseline_label = baseline_y + 14
        else:
            target_label = target_y + 14
    return max(baseline_label, top + 10), max(target_label, top + 10)


def _description(indicator: Any, measurements: Sequence[Any]) -> str:
    unit = indicator.unit
    text = _("Valeur de départ : %(baseline)s %(unit)s ; cible : %(target)s %(unit)s.") % {
        "baseline": french_number(indicator.baseline),
        "target": french_number(indicator.target),
        "unit": unit,
    }
    if not measurements:
        return f"{text} {_('Aucune mesure enregistrée pour l’instant.')}"
    first, last = measurements[0], measurements[-1]
    count = ngettext(
        "%(count)d mesure, le %(first)s.",
        "%(count)d mesures, du %(first)s au %(last)s.",
        len(measurements),
    ) % {
        "count": len(measurements),
        "first": french_date(first.measured_on),
        "last": french_date(last.measured_on),
    }
    latest = _("Dernière valeur mesurée : %(value)s %(unit)s, le %(day)s.") % {
        "value": french_number(last.value),
        "unit": unit,
        "day": french_date(last.measured_on),
    }
    return f"{text} {count} {latest}"


def indicator_chart(indicator: Any, measurements: Sequence[Any]) -> IndicatorChart:
    """The chart of ``indicator`` (name, unit, baseline, target) and its
    ``measurements`` (value, measured_on), which must be sorted by date."""
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    values = [float(indicator.baseline), float(indicator.target)]
    values += [float(m.value) for m in measurements]
    axis_low, axis_high, step = _y_range(values)

    def y_of(value: Decimal | float) -> float:
        share = (float(value) - axis_low) / (axis_high - axis_low)
        return round(bottom - share * (bottom - top), 1)

    days = [m.measured_on for m in measurements]
    first_day, last_day = (min(days), max(days)) if days else (None, None)

    def x_of(day: datetime.date) -> float:
        if first_day is None or last_day is None or first_day == last_day:
            return round((left + right) / 2, 1)
        share = (day - first_day).days / (last_day - first_day).days
        return round(left + share * (right - left), 1)

    y_ticks = []
    count = round((axis_high - axis_low) / step)
    for i in range(count + 1):
        value = axis_low + i * step
        y_ticks.append(Tick(position=y_of(value), label=french_number(round(value, 2))))
    x_ticks = [Tick(position=x_of(day), label=french_date(day)) for day in _x_tick_days(days)]
    unit = indicator.unit
    points = [
        Point(
            x=x_of(m.measured_on),
            y=y_of(m.value),
            label=f"{french_date(m.measured_on)} : {french_number(m.value)} {unit}",
        )
        for m in measurements
    ]
    baseline_y, target_y = y_of(indicator.baseline), y_of(indicator.target)
    baseline_label_y, target_label_y = _label_positions(baseline_y, target_y, top)
    baseline = ReferenceLine(
        y=baseline_y,
        label=_("Départ : %(value)s %(unit)s")
        % {"value": french_number(indicator.baseline), "unit": unit},
        label_y=baseline_label_y,
    )
    target = ReferenceLine(
        y=target_y,
        label=_("Cible : %(value)s %(unit)s")
        % {"value": french_number(indicator.target), "unit": unit},
        label_y=target_label_y,
    )
    return IndicatorChart(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        baseline=baseline,
        target=target,
        points=points,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        description=_description(indicator, measurements),
    )
