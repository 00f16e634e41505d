"""Server-side bar charts (eig/core/charts.py): geometry in Python, SVG in a template."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from eig.core.charts import LABEL_WIDTH, WIDTH, bar_chart, nice_step


def test_the_step_of_the_axis_is_one_two_or_five_times_a_power_of_ten():
    assert nice_step(0) == 1
    assert nice_step(4) == 1
    assert nice_step(9) == 2
    assert nice_step(45) == 10
    assert nice_step(206) == 50


def test_bars_are_proportional_to_their_values_on_a_round_scale():
    chart = bar_chart(
        identifier="c", title="T", description="D", data=[("A", 40), ("B", 20), ("C", 0)]
    )

    plot_width = WIDTH - LABEL_WIDTH - 56
    assert [tick.label for tick in chart.ticks] == ["0", "10", "20", "30", "40"]
    assert [bar.width for bar in chart.bars] == [str(plot_width), str(plot_width // 2), "0"]
    assert chart.height > 3 * 32
    assert chart.view_box == f"0 0 {WIDTH} {chart.height}"


def test_an_empty_chart_has_no_bar_and_one_tick():
    chart = bar_chart(identifier="c", title="T", description="D", data=[])

    assert chart.bars == []
    assert [tick.label for tick in chart.ticks] == ["0", "1"]


def test_the_svg_is_a_named_image_with_decimal_points_even_in_french():
    chart = bar_chart(identifier="eig", title="EIG", description="A : 3", data=[("A", 3)] * 3)

    with translation.override("fr"):
        svg = render_to_string("core/charts/bar_chart.html", {"chart": chart})

    assert 'role="img" aria-labelledby="eig-title eig-desc"' in svg
    assert '<title id="eig-title">EIG</title>' in svg
    assert '<desc id="eig-desc">A : 3</desc>' in svg
    assert "style=" not in svg
    assert 'y="14"' in svg
    assert ",5" not in svg


def test_fractional_coordinates_keep_their_decimal_point_in_french():
    chart = bar_chart(identifier="c", title="T", description="D", data=[("A", 7)])

    with translation.override("fr"):
        svg = render_to_string("core/charts/bar_chart.html", {"chart": chart})

    fractional = re.findall(r'(?:x|width)="(\d+\.\d+)"', svg)
    assert fractional  # this data gives coordinates between pixels
    assert not re.search(r'(?:x|y|width|height)="\d+,\d+"', svg)
