from django import template
from django.utils.html import format_html

from planner import rules_checkins, thinking_traps

register = template.Library()

# Drawn, not emoji: emoji fonts differ by device and some show an empty box. The
# mouth alone carries the mood; the word beside it always says it too.
MOUTHS = {
    1: "M8 17 Q12 12.5 16 17",
    2: "M8.5 16 Q12 14 15.5 16",
    3: "M8.5 15.5 L15.5 15.5",
    4: "M8.5 14 Q12 16.5 15.5 14",
    5: "M7.5 13 Q12 19 16.5 13",
}


def face_svg(mood: int) -> str:
    return format_html(
        '<svg class="face" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
        'focusable="false"><circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" '
        'stroke-width="1.5"/><circle cx="8.5" cy="9.5" r="1.2" fill="currentColor"/>'
        '<circle cx="15.5" cy="9.5" r="1.2" fill="currentColor"/><path d="{}" fill="none" '
        'stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>',
        MOUTHS.get(mood, MOUTHS[3]),
    )


@register.filter
def mood_word(value) -> str:
    return rules_checkins.MOODS.get(value, "")


@register.filter
def mood_face(value) -> str:
    return face_svg(value)


@register.filter
def energy_word(value) -> str:
    return rules_checkins.ENERGY.get(value, "")


@register.filter
def traps_named(slugs) -> list:
    return thinking_traps.traps_named(slugs or [])


@register.filter
def distress_tap(value) -> int:
    """A stored 0-100 distress as the 0-10 chip the check-in offers."""
    return rules_checkins.tap_from_distress(value)
