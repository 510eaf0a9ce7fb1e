"""HTML to PDF on the server, with WeasyPrint, never reaching past our own static files.

A report holds a person's safety plan and history: the renderer must not fetch
anything over the network (no tracking pixel, no font host, nothing a name in the
text could point at). StaticOnlyFetcher answers only our static files, read from
disk, and refuses every other address, so WeasyPrint leaves such a resource out.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint narrates each rendering step at INFO: not worth a log line per report.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The base every relative address in the document resolves against: a host that
# cannot exist (RFC 2606), so nothing could be fetched from it even by mistake.
BASE_URL = "https://stepwise.invalid/"
TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class NotOurStaticFile(ValueError):
    """WeasyPrint logs it and leaves the resource out."""


def static_path(url: str) -> Path:
    """The file on disk behind one of our static URLs, or NotOurStaticFile."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
        raise NotOurStaticFile(f"not one of our static files: {url}")
    name = unquote(parts.path.removeprefix(prefix))
    if Path(name).suffix not in TYPES or ".." in Path(name).parts:
        raise NotOurStaticFile(f"not a static file a report uses: {url}")
    # Development and tests read static/ through the finders; production reads the
    # collected (hashed) names from STATIC_ROOT.
    found = finders.find(name)
    if found is None and staticfiles_storage.exists(name):
        found = staticfiles_storage.path(name)
    if found is None:
        raise NotOurStaticFile(f"no such static file: {url}")
    return Path(found)


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        path = static_path(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": TYPES[path.suffix]})


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
