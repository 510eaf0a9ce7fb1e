"""Small server-rendered SVG charts: no script, no inline style, colours from week.css.

Each chart is an image with a title and description for screen readers; the page
puts the same numbers in a table right after it, so nothing lives in the picture
alone.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 360, 200
# Room for "100" and the newest date at 150% text (the labels are sized in rem, week.css).
LEFT, RIGHT, TOP, BOTTOM = 46, 24, 12, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
GRID = (0, 25, 50, 75, 100)
# Beyond this many points, only every other date fits under the axis.
LABEL_EVERY_POINT = 7


def _x(index: int, count: int) -> float:
    return LEFT + (index + 0.5) * PLOT_W / count


def _y(suds: int) -> float:
    return TOP + (100 - suds) * PLOT_H / 100


def _line(values: Sequence[int], css: str) -> SafeString:
    if len(values) < 2:
        return mark_safe("")  # noqa: S308  (an empty string)
    points = " ".join(f"{_x(i, len(values)):.1f},{_y(v):.1f}" for i, v in enumerate(values))
    return format_html('<polyline class="{}" points="{}"/>', css, points)


def axis_labels(labels: Sequence[str], *, y: float) -> SafeString:
    """Dates under the axis: the newest always, then every `step`-th one back.

    Every other one of those is "minor": week.css hides it when the person's text is
    larger than 100%, so bigger labels get twice the room and never overlap.
    """
    count = len(labels)
    step = 1 if count <= LABEL_EVERY_POINT else (2 if count <= 2 * LABEL_EVERY_POINT else 4)
    return format_html_join(
        "",
        '<text class="chart__axis{}" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (" chart__axis--minor" if back % (2 * step) else "", f"{_x(i, count):.1f}", y, label)
            for i, label in enumerate(labels)
            for back in [count - 1 - i]
            if back % step == 0
        ),
    )


def forecast_chart(
    *, predicted: Sequence[int], peaks: Sequence[int], labels: Sequence[str], chart_id: str
) -> SafeString:
    """Predicted peak (hollow, dashed) against actual peak (filled, solid), per attempt.

    A line joins each pair, so the gap between fear and what happened is what the
    eye lands on. `labels` name each attempt under the axis (short dates).
    """
    count = len(predicted)
    if not (count == len(peaks) == len(labels)):
        raise ValueError("predicted, peaks and labels must be the same length")
    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, f"{_y(v):.1f}", f"{_y(v):.1f}", LEFT - 6, f"{_y(v) + 4:.1f}", v)
            for v in GRID
        ),
    )
    axis = axis_labels(labels, y=HEIGHT - 10)
    pairs = format_html_join(
        "",
        '<line class="chart__gap" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<circle class="chart__predicted" cx="{0}" cy="{1}" r="5"/>'
        '<circle class="chart__peak" cx="{0}" cy="{2}" r="5"/>',
        (
            (f"{_x(i, count):.1f}", f"{_y(p):.1f}", f"{_y(a):.1f}")
            for i, (p, a) in enumerate(zip(predicted, peaks, strict=True))
        ),
    )
    noun = "attempt" if count == 1 else "attempts"
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">Forecast and outcome</title>'
        '<desc id="{id}-desc">How hard you expected it to be against how hard it was, '
        "on a scale of 0 to 100, for {count} {noun}. The table after the chart has the numbers."
        "</desc>"
        "{grid}{predicted_line}{peak_line}{pairs}{axis}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        count=count,
        noun=noun,
        grid=grid,
        predicted_line=_line(predicted, "chart__line chart__line--predicted"),
        peak_line=_line(peaks, "chart__line chart__line--peak"),
        pairs=pairs,
        axis=axis,
    )
