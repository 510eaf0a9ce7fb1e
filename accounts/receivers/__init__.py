"""What accounts does when Django or allauth say something happened (AccountsConfig.ready).

security_events records it on the person's account activity; sessions starts the idle
clock at sign-in and ends every other session when a password or second factor changes.
"""

from accounts.receivers import security_events, sessions


def connect() -> None:
    security_events.connect()
    sessions.connect()
