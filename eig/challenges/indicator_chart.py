"""The geometry of an indicator's line chart, computed on the server.

Pure Python, no drawing library: the template draws an inline SVG from these numbers
(the content security policy forbids scripts and inline styles, so the chart uses SVG
presentation attributes only). x is the date of each measurement, y its value; the
baseline and the target are horizontal dashed lines, labelled. Dates read
dd/mm/yyyy and numbers take a French decimal comma.

Edge cases: no measurement (only the baseline and target lines), one measurement or
all on the same day (a point in the middle), every value equal (the y axis is
widened around it). A line's label never covers a point nor the other label: it sits
above its line at its usual end (the baseline's on the left, the target's on the
right), else under it, else at the other end (the last measurement often reaches the
target at the right end).
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
# A label's box, in pixels: the font is 12 px; an average character is about 7 px wide.
LABEL_FONT_SIZE = 12
LABEL_CHAR_WIDTH = 7
# From the plot's edge: the usual inset, then far enough to clear a point on the edge.
LABEL_INSETS = (6, 20)
# A point's radius and some air around it.
POINT_CLEARANCE = 7


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
    label_x: float
    # "start" (the label's left end at label_x) or "end" (its right end there).
    label_anchor: str


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


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _label_box(x: float, y: float, anchor: str, text: str) -> Box:
    width = len(text) * LABEL_CHAR_WIDTH
    left = x - width if anchor == "end" else x
    return left, y - LABEL_FONT_SIZE, left + width, y + 3


def label_box(line: "ReferenceLine") -> Box:
    """The room a line's label takes on the chart (its width estimated)."""
    return _label_box(line.label_x, line.label_y, line.label_anchor, line.label)


def boxes_overlap(box: Box, other: Box) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def point_box(point: Point) -> Box:
    return (
        point.x - POINT_CLEARANCE,
        point.y - POINT_CLEARANCE,
        point.x + POINT_CLEARANCE,
        point.y + POINT_CLEARANCE,
    )


def _label_place(
    *,
    line_y: float,
    text: str,
    first_end: str,
    points: Sequence[Box],
    other_label: Box | None,
    plot: tuple[int, int, int, int],
) -> tuple[float, float, str]:
    """Where to write a line's label (x, y, anchor): at ``first_end`` ("left" or
    "right") then at the other end; above then under its line; at the usual inset then
    past a point on the edge. The first place that covers neither the other label nor a
    point; failing that, never the other label, and as few points as can be."""
    left, right, top, bottom = plot
    above = max(line_y - 5, top + LABEL_FONT_SIZE - 2)
    under = min(line_y + LABEL_FONT_SIZE + 2, bottom - 4)
    places = []
    for end in (first_end, "right" if first_end == "left" else "left"):
        for y in (above, under):
            for inset in LABEL_INSETS:
                if end == "left":
                    places.append((left + inset, "start", y))
                else:
                    places.append((right - inset, "end", y))

    def covered(place: tuple[float, str, float]) -> tuple[bool, int]:
        x, anchor, y = place
        box = _label_box(x, y, anchor, text)
        on_label = other_label is not None and boxes_overlap(box, other_label)
        return on_label, sum(boxes_overlap(box, point) for point in points)

    x, anchor, y = min(places, key=covered)  # of equal places, min keeps the first
    return x, y, anchor


def _reference_lines(
    *,
    baseline_y: float,
    baseline_text: str,
    target_y: float,
    target_text: str,
    points: Sequence[Point],
    plot: tuple[int, int, int, int],
) -> tuple[ReferenceLine, ReferenceLine]:
    """The baseline's label first, then the target's, clear of the points and of it."""
    point_boxes = [point_box(point) for point in points]
    x, y, anchor = _label_place(
        line_y=baseline_y,
        text=baseline_text,
        first_end="left",
        points=point_boxes,
        other_label=None,
        plot=plot,
    )
    baseline = ReferenceLine(
        y=baseline_y, label=baseline_text, label_y=y, label_x=x, label_anchor=anchor
    )
    x, y, anchor = _label_place(
        line_y=target_y,
        text=target_text,
        first_end="right",
        points=point_boxes,
        other_label=label_box(baseline),
        plot=plot,
    )
    target = ReferenceLine(y=target_y, label=target_text, label_y=y, label_x=x, label_anchor=anchor)
    return baseline, target


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
    baseline, target = _reference_lines(
        baseline_y=y_of(indicator.baseline),
        baseline_text=_("Départ : %(value)s %(unit)s")
        % {"value": french_number(indicator.baseline), "unit": unit},
        target_y=y_of(indicator.target),
        target_text=_("Cible : %(value)s %(unit)s")
        % {"value": french_number(indicator.target), "unit": unit},
        points=points,
        plot=(left, right, top, bottom),
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
