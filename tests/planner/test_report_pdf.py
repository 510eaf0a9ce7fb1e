"""The report as a PDF, rendered on the server by WeasyPrint (planner/pdf.py)."""

import io
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import SecurityEvent
from planner.pdf import BASE_URL, NotOurStaticFile, StaticOnlyFetcher, html_to_pdf, static_path
from tests.planner.test_report import EVERYTHING, may, query  # noqa: F401 (the fixture)

PDF = reverse("planner:report_pdf")
# Where the browser tests keep pictures too: the PDF is there to look at after CI.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
@pytest.mark.usefixtures("may")
def test_the_pdf_holds_the_persons_own_report(alice_client, alice):
    response = alice_client.get(PDF, query(EVERYTHING))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="stepwise-report-2026-05-01-to-2026-05-31.pdf"'
    )
    assert response["Cache-Control"] == "no-store, private"
    assert response.content.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-weasyprint.pdf").write_bytes(response.content)  # to look at after CI
    text = " ".join(text_of(response.content).split())
    for words in (
        "Alice’s report, 1 May 2026 to 31 May 2026",
        "Hum along at the back",
        "Stayed for the whole rehearsal",
        "Staying in bed past noon",
        "Lubben et al. (2006)",
        "(America/New_York)",
    ):
        assert words in text, words
    assert "Journal words no report shows" not in text
    # On her account activity, as every download is.
    assert SecurityEvent.objects.filter(user=alice, kind=SecurityEvent.Kind.EXPORTED).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("may")
def test_an_unticked_section_is_not_in_the_pdf(alice_client):
    text = text_of(alice_client.get(PDF, query(["wins"])).content)

    assert "Stayed for the whole rehearsal" in text
    assert "Hum along at the back" not in text and "Staying in bed" not in text


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_rendering_fetches_nothing_over_the_network(loopback_server):
    # Anything in a report that names an address (a stylesheet, an image, a font)
    # stays unfetched: only our own static files are read, from disk.
    html = f"""<html><head>
      <link rel="stylesheet" href="{loopback_server}/tracker.css">
      <link rel="stylesheet" href="/static/css/report.css">
      <style>@font-face {{ font-family: X; src: url({loopback_server}/font.woff2); }}</style>
      </head><body><h1>Still renders</h1><img src="{loopback_server}/pixel.png"></body></html>"""

    pdf = html_to_pdf(html)

    assert _Recorder.hits == []
    assert "Still renders" in text_of(pdf)


def test_only_our_static_files_are_served():
    css = StaticOnlyFetcher().fetch(f"{BASE_URL}static/css/report.css")

    assert b".report__table" in css.read()
    assert static_path(f"{BASE_URL}static/fonts/atkinson-hyperlegible-latin-400-normal.woff2")
    for url in (
        "https://example.org/static/css/report.css",
        f"{BASE_URL}static/../config/settings.py",
        f"{BASE_URL}static/css/../../manage.py",
        f"{BASE_URL}accounts/login/",
        f"{BASE_URL}static/css/not-there.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(NotOurStaticFile):
            static_path(url)


@pytest.mark.django_db
@pytest.mark.usefixtures("may")
def test_a_server_that_cannot_make_pdfs_shows_the_report_to_print_instead(
    alice_client, monkeypatch
):
    # As on a machine without Pango: importing WeasyPrint fails (OSError there; a
    # missing module here), and the person still gets their report, not an error page.
    monkeypatch.setitem(sys.modules, "planner.pdf", None)
    response = alice_client.get(PDF, query(EVERYTHING))

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store, private"
    html = response.content.decode()
    assert "A PDF can’t be made on this server right now" in html
    assert "Hum along at the back" in html
    assert "Download as PDF" not in html
