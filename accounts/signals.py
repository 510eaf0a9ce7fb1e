"""Domain events accounts sends; apps above it listen (accounts imports none of them).

`zone_changed` is sent inside the transaction that saved a new time zone, so a
receiver's writes commit or roll back with it. Receivers: reminders (re-plans
waiting reminders at the new zone's wall-clock times).
`wording_changed` is sent inside the transaction that saved a new name, language or
discreet mode: reminders words again what still waits to be sent with them.
`account_deleting` is sent inside the transaction that deletes a person.
"""

from django.dispatch import Signal

# Sent with: user (the saved User), now (an aware datetime).
zone_changed = Signal()

# Sent with: user (the saved User), now (an aware datetime).
wording_changed = Signal()

# Sent with: user (the User about to be deleted, row locked), now (an aware datetime),
# inside the transaction that deletes them, before the row goes. Receivers end what
# the person shares and is shared (supporters: links both ways, a neutral notice to
# each of their supporters) and what refers to them outside their own rows
# (reminders: texts received from their number). A receiver that raises undoes the
# whole deletion. See accounts/services/deletion.py.
account_deleting = Signal()
