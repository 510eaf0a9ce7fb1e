"""Common thinking traps, in our own plain words.

Thought records store the slugs, so a trap can be reworded here without touching
anyone's records; a slug once used must never be removed or renamed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Trap:
    slug: str
    name: str
    description: str


TRAPS = (
    Trap("all-or-nothing", "All-or-nothing", "Seeing it as total success or total disaster, with nothing in between."),
    Trap("catastrophising", "Catastrophising", "Jumping to the worst outcome and treating it as the likely one."),
    Trap("mind-reading", "Mind reading", "Being sure you know what others think of you, without them saying it."),
    Trap("fortune-telling", "Fortune telling", "Predicting how things will go as if the future were already fixed."),
    Trap("overgeneralising", "Overgeneralising", "Letting one hard moment stand for always, never or everyone."),
    Trap("discounting-positive", "Discounting the positive", "Brushing off what went well as luck or as not counting."),
    Trap("emotional-reasoning", "Emotional reasoning", "Taking a feeling as proof: I feel awkward, so I must be awkward."),
    Trap("should-statements", "Should statements", "Holding yourself to rigid rules about how you must be or act."),
    Trap("labelling", "Labelling", "Summing yourself up with one harsh word instead of describing what happened."),
    Trap("personalising", "Personalising", "Taking the blame for things that had many causes, most outside you."),
    Trap("mental-filter", "Mental filter", "Noticing only the one thing that went wrong and filtering out the rest."),
    Trap("magnifying", "Magnifying and shrinking", "Making your slips look huge and your strengths look tiny."),
)  # fmt: skip

BY_SLUG = {trap.slug: trap for trap in TRAPS}
CHOICES = [(trap.slug, trap.name) for trap in TRAPS]


def traps_named(slugs) -> list[Trap]:
    """The traps for stored slugs, in catalogue order; unknown slugs are skipped."""
    wanted = set(slugs)
    return [trap for trap in TRAPS if trap.slug in wanted]
