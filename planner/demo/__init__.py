"""Planner's part of the demo, in the order the pieces depend on each other."""

from planner.demo import checkins, goals, learn, progress, safety, week

SEEDERS = (
    safety.seed_contacts,  # trusted contacts: a ladder step names Aoife as the ally
    goals.seed,  # values, goals and ladders: the week builds on these
    week.seed,  # eight weeks of steps and attempts, and this week
    checkins.seed,  # check-ins, journal, thought records (one cites an attempt)
    safety.seed,  # safety plan (with an earlier version) and a private link
    progress.seed,  # monthly measures, small wins and a problem-solving worksheet
    learn.seed,  # three lessons Maya has read
)
