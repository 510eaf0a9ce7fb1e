"""The forecast-vs-outcome SVG: geometry a person can read, text that stays text."""

import re

import pytest

from planner import charts


def chart(predicted, peaks, labels=None):
    labels = labels or [f"{n + 1} Mar" for n in range(len(predicted))]
    return str(charts.forecast_chart(predicted=predicted, peaks=peaks, labels=labels, chart_id="c"))


def circles(svg, css):
    return [
        (float(x), float(y))
        for x, y in re.findall(rf'<circle class="{css}" cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]


def test_each_attempt_gets_a_forecast_mark_and_an_outcome_mark():
    svg = chart([70, 60, 50], [35, 30, 20])
    assert len(circles(svg, "chart__predicted")) == 3
    assert len(circles(svg, "chart__peak")) == 3
    assert svg.count("<polyline") == 2


def test_higher_distress_sits_higher_on_the_chart():
    svg = chart([100, 0], [50, 50])
    (_, top), (_, bottom) = circles(svg, "chart__predicted")
    (_, middle), _ = circles(svg, "chart__peak")
    assert top == charts.TOP
    assert bottom == charts.HEIGHT - charts.BOTTOM
    assert top < middle < bottom


def test_a_single_attempt_sits_in_the_middle_without_lines():
    svg = chart([70], [35])
    ((x, _),) = circles(svg, "chart__peak")
    assert x == pytest.approx(charts.LEFT + charts.PLOT_W / 2, abs=0.1)
    assert "<polyline" not in svg
    assert "for 1 attempt." in svg


def test_equal_values_and_zero_draw_on_the_baseline():
    svg = chart([0, 0], [0, 0])
    ys = {y for _, y in circles(svg, "chart__predicted") + circles(svg, "chart__peak")}
    assert ys == {float(charts.HEIGHT - charts.BOTTOM)}


def test_the_chart_is_an_image_with_a_name_and_a_description():
    svg = chart([70, 60], [35, 30])
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Forecast and outcome</title>' in svg
    assert "for 2 attempts" in svg and "The table after the chart has the numbers." in svg


def test_labels_are_escaped():
    svg = chart([50], [40], labels=["<b>3 Mar</b>"])
    assert "<b>" not in svg and "&lt;b&gt;3 Mar&lt;/b&gt;" in svg


def test_many_attempts_label_every_other_day_and_always_the_newest():
    labels = [f"d{n}" for n in range(12)]
    svg = chart([50] * 12, [40] * 12, labels)
    shown = re.findall(r'text-anchor="middle">(d\d+)</text>', svg)
    assert shown == [f"d{n}" for n in range(1, 12, 2)]


def test_mismatched_series_are_refused():
    with pytest.raises(ValueError):
        chart([50, 40], [30])
