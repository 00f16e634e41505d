"""Reads of a défi's results: its indicators, each with its measurements and chart.

Two queries whatever the number of indicators and measurements: the indicators, then
their measurements (prefetched). Nothing here names who recorded a measurement, so
the same reads serve the public page.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from eig.challenges.indicator_chart import IndicatorChart, indicator_chart
from eig.challenges.models import Challenge, Indicator, Measurement


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    measurements: list[Measurement]
    chart: IndicatorChart


def indicator_list_with_measurements(challenge: Challenge) -> list[Indicator]:
    """The défi's indicators in their order, each with ``measurements`` prefetched
    (oldest first)."""
    measurements = Measurement.objects.only(
        "pk", "indicator_id", "value", "measured_on", "comment"
    ).order_by("measured_on", "pk")
    return list(
        Indicator.objects.filter(challenge=challenge)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("measurements", queryset=measurements))
    )


def challenge_results(challenge: Challenge) -> list[IndicatorResult]:
    """Each indicator of a running or completed défi with its measurements and chart;
    nothing for a défi in another status."""
    if not challenge.has_results:
        return []
    return [
        indicator_result(indicator, measurements=list(indicator.measurements.all()))
        for indicator in indicator_list_with_measurements(challenge)
    ]


def indicator_result(
    indicator: Indicator, *, measurements: list[Measurement] | None = None
) -> IndicatorResult:
    """One indicator with its chart; its ``measurements`` (oldest first) are read here
    unless given (prefetched)."""
    if measurements is None:
        measurements = list(indicator.measurements.order_by("measured_on", "pk"))
    return IndicatorResult(
        indicator=indicator,
        measurements=measurements,
        chart=indicator_chart(indicator, measurements),
    )
