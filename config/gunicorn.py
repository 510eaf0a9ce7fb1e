"""Gunicorn settings, shared by `make run` (Procfile) and docker compose.

Compose sets GUNICORN_BIND=0.0.0.0:8000 so the same command serves the container.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let one slow request (a big export) not hold up the rest.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"
# Shorter than most proxies' timeouts, so a stuck request ends here with a log line.
timeout = 30
graceful_timeout = 20

# --- Logs carry no secrets (issue 14) -----------------------------------------------------
# Link tokens, query values, Referers and phone numbers are masked by common.logmask, the
# same function Django's loggers use. Imported late: this file is read before gunicorn
# puts the project on sys.path, and the URL configuration exists only once a worker has
# loaded the app (before that a path is masked whole).

import logging  # noqa: E402

from gunicorn.glogging import Logger  # noqa: E402

# Atoms that hold a whole URL or path (request headers are {name}i, response {name}o,
# WSGI environ {name}e), and those that hold only a query string.
_URL_ATOMS = ("U", "f", "{referer}i", "{location}o", "{raw_uri}e", "{path_info}e")
_URL_ATOMS += ("{http_referer}e", "{request_uri}e", "{script_name}e")
_QUERY_ATOMS = ("q", "{query_string}e")


class _MaskFilter(logging.Filter):
    def filter(self, record):
        from common.logmask import LogMaskFilter

        return LogMaskFilter().filter(record)


class MaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # The error log names the request when one breaks ("Error handling request /...");
        # the access log is masked atom by atom below.
        if not any(isinstance(f, _MaskFilter) for f in self.error_log.filters):
            self.error_log.addFilter(_MaskFilter())

    def atoms(self, resp, req, environ, request_time):
        from common.logmask import mask_query, mask_text, mask_url

        atoms = super().atoms(resp, req, environ, request_time)
        method, _, rest = atoms["r"].partition(" ")
        uri, _, protocol = rest.rpartition(" ")
        atoms["r"] = f"{method} {mask_url(uri)} {protocol}"
        for name in _URL_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = mask_url(atoms[name])
        for name in _QUERY_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = mask_query(atoms[name])
        # Whatever else a custom format prints (a header, an environ value) is masked as
        # free text; the time ("[05/Dec/2026:...]") has nothing to mask.
        skip = {"r", "t", *_URL_ATOMS, *_QUERY_ATOMS}
        for name, value in atoms.items():
            if name not in skip and isinstance(value, str):
                atoms[name] = mask_text(value)
        return atoms


logger_class = MaskingLogger
