"""The charts' axis labels follow the person's text size (WCAG 1.4.4), and still fit."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.browser.conftest import NARROW

pytestmark = pytest.mark.browser

PAGES = ["planner:progress", "planner:forecasts"]
LABELS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('.chart__axis')].map(t => t.getBoundingClientRect())
    .filter(l => l.width > 0);  // the ones hidden to make room
  return {
    height: Math.max(...labels.map(l => l.height)),
    // a label cut off by the chart's edge
    outside: labels.filter(l => l.left < box.left - 0.5 || l.right > box.right + 0.5).length,
    // dates under the axis written over each other
    overlapping: labels.filter(l => l.top > box.top + box.height * 0.8)
      .sort((a, b) => a.left - b.left)
      .filter((l, i, row) => i > 0 && l.left < row[i - 1].right).length,
  };
})"""


@pytest.fixture
def maya(db):
    call_command("seed_demo")
    return User.objects.get(display_name="Maya")


def _measure(open_page, sign_in, person, size, name):
    person.text_size = size
    person.save(update_fields=["text_size"])
    page = open_page(viewport=NARROW)
    sign_in(page, person)
    page.goto(reverse(name))
    charts = page.evaluate(LABELS)
    assert charts, f"no chart on {name}"
    return charts


@pytest.mark.parametrize("name", PAGES)
def test_axis_labels_grow_with_the_text_size_and_still_fit(open_page, sign_in, maya, name):
    normal = _measure(open_page, sign_in, maya, 100, name)
    large = _measure(open_page, sign_in, maya, 150, name)
    for before, after in zip(normal, large, strict=True):
        assert after["height"] >= before["height"] * 1.3, (before, after)
        assert after["outside"] == 0 and after["overlapping"] == 0, after
