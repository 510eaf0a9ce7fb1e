"""Issue 17's page goals, judged from one `make bench` run's ratios to the bare view.

Pure: the figures in, the problems out (tests/test_bench_verdict.py). A goal
counts as missed only when the page falls short by more than a quarter, since
a shared machine moves the ratios by about that much from run to run.
"""

from dataclasses import dataclass

SLACK = 0.75  # a page passes at three quarters of its goal
LOAD_P95_LIMIT = 4.0  # p95 under `wrk -c 50` within 4x the bare view's


@dataclass(frozen=True)
class Goal:
    warm: float  # page req/s over bare req/s, nothing changed since the last view
    cold: float | None  # the same right after a write through a service


# By the start of each page's label in bench/pages.py.
GOALS = {
    "home": Goal(warm=0.5, cold=0.25),
    "week": Goal(warm=0.5, cold=0.25),
    "progress": Goal(warm=0.5, cold=0.25),
    "supporter dashboard": Goal(warm=0.25, cold=None),
}


def goal_for(label: str) -> Goal | None:
    return next((goal for prefix, goal in GOALS.items() if label.startswith(prefix)), None)


def pages_verdict(ratios: dict[str, tuple[float, float | None]]) -> list[str]:
    """`ratios`: label -> (warm ratio, cold ratio or None). Returns what missed its goal."""
    problems = []
    for label, (warm, cold) in ratios.items():
        goal = goal_for(label)
        if goal is None:
            continue
        if warm < goal.warm * SLACK:
            problems.append(f"{label}: warm {warm:.2f} of bare, goal {goal.warm:.2f}")
        if goal.cold is not None and cold is not None and cold < goal.cold * SLACK:
            problems.append(f"{label}: cold {cold:.2f} of bare, goal {goal.cold:.2f}")
    return problems


def load_verdict(bare_p95_ms: float, pages: dict[str, tuple[float, int]]) -> list[str]:
    """`pages`: label -> (p95 ms, errors) under `wrk -c 50`. Any error or a slow p95 fails."""
    problems = []
    for label, (p95, errors) in pages.items():
        if errors:
            problems.append(f"{label} under load: {errors} errors")
        if p95 > bare_p95_ms * LOAD_P95_LIMIT:
            problems.append(
                f"{label} under load: p95 {p95:.0f} ms, over {LOAD_P95_LIMIT:g}x the bare "
                f"view's {bare_p95_ms:.0f} ms"
            )
    return problems
