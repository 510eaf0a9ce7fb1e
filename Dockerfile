# One image for web, worker, beat and the migrate step (docker-compose.yml).
# The Python version follows .python-version; tests/test_compose.py checks they agree.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    STEPWISE_VAR_DIR=/app/var \
    PATH="/app/.venv/bin:$PATH"

# WeasyPrint (the report's PDF) draws text with Pango and HarfBuzz; fonts-dejavu-core
# covers any character our own Atkinson Hyperlegible files lack. .ci/run installs the same.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The same uv the Makefile pins, so the lock file resolves identically.
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
# Dependencies first: this layer is reused until the lock file changes.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev

COPY . .

# Production settings refuse to load without good keys, so collectstatic gets fresh
# random ones that exist only for this one command: never in the image's environment,
# never used again. Real keys come from .env at run time (`make env`).
RUN STEPWISE_ENV=production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    BLIND_INDEX_KEYS="$(python -c 'import secrets; print(secrets.token_urlsafe(32))')" \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input --verbosity 0

# Code stays owned by root, read-only to the app; only var/ (beat's schedule) is writable.
RUN useradd --system --uid 10001 --home-dir /app --no-create-home stepwise \
    && mkdir -p /app/var \
    && chown -R stepwise:stepwise /app/var
USER stepwise

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.py"]
