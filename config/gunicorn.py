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
