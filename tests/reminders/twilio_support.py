"""A loopback stand-in for Twilio's REST Messages API, and Twilio-signed webhooks.

with twilio_stub() as stub:            # settings point TwilioSMSBackend at it
    stub.answers = [(500, {...}), (201, {...})]   # one per request; 201 when empty
    ...send...
    stub.requests[0].form["Body"]
"""

import base64
import hashlib
import hmac
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SID = "AC00000000000000000000000000000001"
TOKEN = "test-auth-token-1234"
FROM = "+15005550006"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    form: dict


def twilio_error(status: int, code: int, message: str = "") -> tuple[int, dict]:
    return status, {"code": code, "message": message or f"Error {code}", "status": status}


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as Twilio's API: one connection can carry many requests.
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.server.stub.connections += 1

    def do_POST(self):  # noqa: N802 - http.server's naming
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        stub.requests.append(Seen("POST", self.path, dict(self.headers), form))
        answer = stub.answers.pop(0) if stub.answers else None
        if answer == "hang":
            stub.release.wait(10)
            answer = None
        status, payload = answer or (
            201,
            {"sid": f"SM{len(stub.requests):032d}", "status": "queued"},
        )
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # keep test output quiet


class Stub:
    def __init__(self):
        self.requests: list[Seen] = []
        self.connections = 0  # TCP connections made to the stub
        self.answers: list = []
        self.release = threading.Event()


@contextmanager
def twilio_stub(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.stub = Stub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "reminders.sms.TwilioSMSBackend"
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_FROM_NUMBER = FROM
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_TIMEOUT = 2
    try:
        yield server.stub
    finally:
        server.stub.release.set()
        server.shutdown()
        server.server_close()


def twilio_signature(url: str, params: dict, token: str = TOKEN) -> str:
    """Computed here independently of the app, the way Twilio documents it."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
