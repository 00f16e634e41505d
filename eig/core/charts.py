"""Bar charts drawn on the server, as inline SVG.

The geometry is computed here, in plain Python (testable without a browser); the
template include ``core/charts/bar_chart.html`` only writes it out. No JavaScript and no
``style`` attribute (the Content Security Policy forbids both): colours are SVG
presentation attributes, and texts use ``currentColor`` so they follow the light or dark
theme. The SVG is an image with an accessible name (``role="img"``, ``<title>`` and
``<desc>``); every chart must be followed by a table holding the same data.

Coordinates are given as strings with a decimal point, so that the French localisation
of templates never writes ``12,5`` into an SVG attribute.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Layout, in SVG user units (the SVG scales to the width of its container).
WIDTH = 720
LABEL_WIDTH = 250  # room for the category labels, on the left of the bars
VALUE_WIDTH = 56  # room for the value printed at the end of the longest bar
ROW_HEIGHT = 32
BAR_HEIGHT = 20
TOP = 8
AXIS_HEIGHT = 28
MAX_TICKS = 5
# DSFR blue-france main 525: at least 3:1 against both the light and the dark background.
BAR_COLOUR = "#6a6af4"


def _n(value: float) -> str:
    """A coordinate: at most one decimal, a decimal point, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(maximum: float, max_ticks: int = MAX_TICKS) -> int:
    """The smallest whole step of 1, 2 or 5 × 10ⁿ that covers ``maximum`` in
    ``max_ticks`` ticks: for counts."""
    return max(int(round_step(maximum / max_ticks, factors=(1, 2, 5, 10))), 1)


def round_step(raw: float, factors: tuple[float, ...] = (1, 2, 2.5, 5, 10)) -> float:
    """The smallest round number (``factors`` × 10ⁿ) at least ``raw``, and at least 0.01:
    the step between the ticks of an axis."""
    if raw <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in factors:
        if raw <= factor * magnitude:
            return max(factor * magnitude, 0.01)
    return max(10 * magnitude, 0.01)  # pragma: no cover - the last factor always fits


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: str  # top of the bar
    width: str
    text_y: str  # middle of the row, for the label and the value
    value_x: str


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per category, the value printed at its end."""

    identifier: str
    title: str
    description: str
    width: int
    height: int
    plot_x: str
    plot_bottom: str
    label_x: str
    tick_label_y: str
    bar_height: int
    colour: str
    bars: list[Bar]
    ticks: list[Tick]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def bar_chart(
    *, identifier: str, title: str, description: str, data: Sequence[tuple[str, int]]
) -> BarChart:
    """The geometry of a horizontal bar chart of ``data`` (label, non-negative value)."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    maximum = max((value for _label, value in data), default=0)
    step = nice_step(maximum)
    scale_max = max(step, math.ceil(maximum / step) * step)
    plot_bottom = TOP + ROW_HEIGHT * len(data)
    bars = []
    for index, (label, value) in enumerate(data):
        row_top = TOP + ROW_HEIGHT * index
        width = plot_width * max(value, 0) / scale_max
        bars.append(
            Bar(
                label=label,
                value=value,
                y=_n(row_top + (ROW_HEIGHT - BAR_HEIGHT) / 2),
                width=_n(width),
                text_y=_n(row_top + ROW_HEIGHT / 2),
                value_x=_n(LABEL_WIDTH + width + 6),
            )
        )
    ticks = [
        Tick(x=_n(LABEL_WIDTH + plot_width * tick / scale_max), label=str(tick))
        for tick in range(0, scale_max + 1, step)
    ]
    return BarChart(
        identifier=identifier,
        title=title,
        description=description,
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        plot_x=_n(LABEL_WIDTH),
        plot_bottom=_n(plot_bottom),
        label_x=_n(LABEL_WIDTH - 8),
        tick_label_y=_n(plot_bottom + 18),
        bar_height=BAR_HEIGHT,
        colour=BAR_COLOUR,
        bars=bars,
        ticks=ticks,
    )
