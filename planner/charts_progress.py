"""More server-rendered SVG charts for the progress page, built on planner/charts.py.

Same rules as there: no script, no inline style, colours from CSS classes, a
title and description for screen readers, and the numbers again in a table
right after each chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from planner.charts import BOTTOM, HEIGHT, LEFT, PLOT_H, RIGHT, TOP, WIDTH, _x, axis_labels


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a modifier: "before" gives chart__line--before and chart__dot--before
    values: Sequence[float | None]  # None where there is nothing for that period


def _scale(value: float, low: float, high: float) -> float:
    return TOP + (high - value) * PLOT_H / (high - low)


def _frame(*, chart_id: str, title: str, desc: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc} '
        "The table after the chart has the numbers.</desc>{body}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=desc,
        body=body,
    )


def _grid(ticks: Sequence[float], low: float, high: float) -> SafeString:
    return format_html_join(
        "",
        '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, f"{y:.1f}", f"{y:.1f}", LEFT - 6, f"{y + 4:.1f}", f"{t:g}")
            for t in ticks
            for y in [_scale(t, low, high)]
        ),
    )


def _axis(labels: Sequence[str]) -> SafeString:
    return axis_labels(labels, y=HEIGHT - BOTTOM + 18)


def _segments(values: Sequence[float | None], low: float, high: float) -> list[str]:
    """Runs of consecutive points: a gap in the data is a gap in the line, not a dip."""
    runs, run = [], []
    for i, value in enumerate(values):
        if value is None:
            runs.append(run)
            run = []
        else:
            run.append(f"{_x(i, len(values)):.1f},{_scale(value, low, high):.1f}")
    runs.append(run)
    return [" ".join(r) for r in runs if len(r) >= 2]


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    low: float,
    high: float,
    ticks: Sequence[float],
    reference: float | None = None,
) -> SafeString:
    """One or more lines over the same periods; `reference` draws a dashed level line."""
    count = len(labels)
    if any(len(s.values) != count for s in series):
        raise ValueError("every series needs one value per label")
    lines = format_html_join(
        "",
        '<polyline class="chart__line chart__line--{}" points="{}"/>',
        ((s.css, points) for s in series for points in _segments(s.values, low, high)),
    )
    dots = format_html_join(
        "",
        '<circle class="chart__dot chart__dot--{}" cx="{}" cy="{}" r="4"/>',
        (
            (s.css, f"{_x(i, count):.1f}", f"{_scale(v, low, high):.1f}")
            for s in series
            for i, v in enumerate(s.values)
            if v is not None
        ),
    )
    level = mark_safe("")  # noqa: S308  (an empty string)
    if reference is not None:
        y = _scale(reference, low, high)
        level = format_html(
            '<line class="chart__reference" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            f"{y:.1f}",
            f"{y:.1f}",
        )
    body = format_html("{}{}{}{}{}", _grid(ticks, low, high), level, lines, dots, _axis(labels))
    return _frame(chart_id=chart_id, title=title, desc=desc, body=body)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    planned: Sequence[int],
    done: Sequence[int],
) -> SafeString:
    """Per period, an outlined bar for what was planned and a filled one for what was done."""
    count = len(labels)
    if not (count == len(planned) == len(done)):
        raise ValueError("labels, planned and done must be the same length")
    top = max([*planned, *done, 1])
    # Round the scale up to a tidy number so the gridlines read as counts.
    high = max(4, -(-top // 4) * 4)
    ticks = [high * i // 4 for i in range(5)]
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    width = max(min(slot * 0.35, 18), 2)
    base = _scale(0, 0, high)

    def rect(css: str, x: float, value: int) -> tuple[str, ...]:
        y = _scale(value, 0, high)
        return (css, f"{x:.1f}", f"{y:.1f}", f"{width:.1f}", f"{base - y:.1f}")

    bars = format_html_join(
        "",
        '<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" height="{}"/>',
        (
            cells
            for i, (p, d) in enumerate(zip(planned, done, strict=True))
            for cells in (rect("planned", _x(i, count) - width, p), rect("done", _x(i, count), d))
        ),
    )
    body = format_html("{}{}{}", _grid(ticks, 0, high), bars, _axis(labels))
    return _frame(chart_id=chart_id, title=title, desc=desc, body=body)
