from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from common.fragments import Fragment
from planner import charts, charts_progress, measures, rules
from planner.charts_progress import Series
from planner.selectors import progress as selectors
from planner.views.measures import measures_offered

PROGRESS = "planner/progress/progress.html"


def _charts(window, practice, habituation, checkins, trends) -> dict:
    labels = window.labels
    pairs = practice.forecast_pairs
    context = {
        "steps_chart": charts_progress.bar_chart(
            chart_id="steps",
            title="Steps planned and steps you showed up for",
            desc=f"Per {window.kind}: an outlined bar for steps planned, a filled bar for steps you did.",
            labels=labels,
            planned=practice.planned,
            done=practice.done,
        ),
        "forecast_chart": charts.forecast_chart(
            predicted=[p for _, p, _ in pairs],
            peaks=[a for _, _, a in pairs],
            labels=[labels[i] for i, _, _ in pairs],
            chart_id="forecast",
        )
        if pairs
        else None,
        "habituation_charts": [
            (
                h,
                charts_progress.line_chart(
                    chart_id=f"habituation-{h.step_id}",
                    title=f"Distress with “{h.title}”",
                    desc=f"Average distress before, at the peak and after, per {window.kind}, "
                    "from 0 to 100.",
                    labels=labels,
                    series=[
                        Series("Before", "before", h.before),
                        Series("Peak", "peak", h.peak),
                        Series("After", "after", h.after),
                    ],
                    low=0,
                    high=100,
                    ticks=(0, 25, 50, 75, 100),
                ),
                [
                    (labels[i], before, peak, after)
                    for i, before, peak, after in h.rows
                    if peak is not None
                ],
            )
            for h in habituation
        ],
    }
    if checkins.total:
        context["mood_chart"] = charts_progress.line_chart(
            chart_id="mood",
            title="Mood and energy of your check-ins",
            desc=f"Average mood per {window.kind}, from 1 (very low) to 5 (very good).",
            labels=labels,
            series=[Series("Mood", "mood", checkins.mood)],
            low=1,
            high=5,
            ticks=(1, 2, 3, 4, 5),
        )
        context["distress_chart"] = charts_progress.line_chart(
            chart_id="distress",
            title="Distress in your check-ins",
            desc=f"Average distress per {window.kind}, 0 to 100.",
            labels=labels,
            series=[Series("Distress", "distress", checkins.distress)],
            low=0,
            high=100,
            ticks=(0, 25, 50, 75, 100),
        )
        people = [v or 0 for v in checkins.interactions]
        top = max(4, -(-max(people) // 4) * 4)
        context["people_chart"] = charts_progress.line_chart(
            chart_id="people",
            title="Meaningful interactions",
            desc=f"Meaningful interactions you noted per {window.kind}.",
            labels=labels,
            series=[Series("Interactions", "people", checkins.interactions)],
            low=0,
            high=top,
            ticks=[top * i // 4 for i in range(5)],
        )
    for trend in trends:
        if len(trend.points) < 1:
            continue
        dates = [window.day_label(p.taken_at.astimezone(window.tz).date()) for p in trend.points]
        is_ucla = trend.kind == measures.UCLA3
        context[f"{trend.kind}_chart"] = charts_progress.line_chart(
            chart_id=trend.kind,
            title=trend.label,
            desc=(
                "Your loneliness score each time you answered, from 3 to 9; lower means less lonely."
                if is_ucla
                else "Your social network score each time you answered, from 0 to 30; "
                f"the dashed line marks {measures.LSNS6_ISOLATION_CUTOFF}."
            ),
            labels=dates,
            series=[Series("Score", "measure", [p.score for p in trend.points])],
            low=measures.UCLA3_MIN if is_ucla else measures.LSNS6_MIN,
            high=measures.UCLA3_MAX if is_ucla else measures.LSNS6_MAX,
            ticks=(3, 5, 7, 9) if is_ucla else (0, 6, 12, 18, 24, 30),
            reference=None if is_ucla else measures.LSNS6_ISOLATION_CUTOFF,
        )
    return context


def _charts_context(owner, window) -> dict:
    """Every chart and table of the range: read only when their cached rendering is missing."""
    practice = selectors.practice_by_period(owner=owner, window=window)
    habituation = selectors.habituation_by_step(owner=owner, window=window)
    checkins = selectors.checkins_by_period(owner=owner, window=window)
    trends = selectors.measure_trends(owner=owner, since=window.start)
    return {
        "practice": practice,
        "practice_rows": list(zip(window.labels, practice.planned, practice.done, strict=True)),
        "forecast_rows": [(window.labels[i], p, a) for i, p, a in practice.forecast_pairs],
        "habituation": habituation,
        "checkins": checkins,
        "checkin_rows": [
            row
            for row in zip(
                window.labels,
                checkins.count,
                checkins.mood,
                checkins.distress,
                checkins.interactions,
                strict=True,
            )
            if row[1]
        ],
        "trends": trends,
        **_charts(window, practice, habituation, checkins, trends),
    }


@require_safe
def progress(request):
    """How things have moved over a range the person picks, all in a fixed number of
    queries: each chart is one grouped query in the person's own time zone, and the
    charts render once per change (common.fragments)."""
    key = request.GET.get("range", selectors.DEFAULT_RANGE)
    if key not in selectors.RANGES:
        key = selectors.DEFAULT_RANGE
    now = timezone.now()
    owner = request.user
    zone = owner.zone
    today = rules.local_date(now, zone)
    window = selectors.window_for(key, today=today, zone=zone)
    context = {
        "window": window,
        "ranges": [(k, label) for k, (label, _, _) in selectors.RANGES.items()],
        "charts": Fragment(
            "progress",
            owner,
            lambda: _charts_context(owner, window),
            parts=(zone, owner.locale, today, key, owner.discreet),
        ),
        "due": measures_offered(request, now=now),
        "cutoff": measures.LSNS6_ISOLATION_CUTOFF,
    }
    return render(request, f"{PROGRESS}#charts" if request.htmx else PROGRESS, context)
