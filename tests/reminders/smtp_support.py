"""A real SMTP server on loopback (aiosmtpd) that keeps the bytes it receives.

with smtp_server() as server:          # settings.MAILERS points at it
    ...send...
    raw = server.messages[0]           # bytes exactly as they came over the wire
    len(set(server.peers))             # how many connections they came over
server.refuse_recipients = "550 5.1.1 No such mailbox"   # or "451 4.3.0 Try later"
"""

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self):
        self.messages: list[bytes] = []
        # The client's (address, port) of each message: one per TCP connection.
        self.peers: list[tuple] = []
        self.refuse_recipients = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content)
        self.peers.append(tuple(session.peer))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailers(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@contextmanager
def smtp_server():
    handler = Handler()
    # decode_data=False keeps envelope.original_content as the raw bytes.
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        handler.port = controller.port
        yield handler
    finally:
        controller.stop()
