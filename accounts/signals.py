"""Domain events accounts sends; apps above it listen (accounts imports none of them).

`zone_changed` is sent inside the transaction that saved a new time zone, so a
receiver's writes commit or roll back with it. Receivers: reminders (re-plans
waiting reminders at the new zone's wall-clock times).
"""

from django.dispatch import Signal

# Sent with: user (the saved User), now (an aware datetime).
zone_changed = Signal()
