# syntax=docker/dockerfile:1
# Production image: gunicorn serving portal.wsgi. The same image runs the Celery
# worker and beat (see docker-compose.yml for the commands).
FROM python:3.11-slim

# The code runs from /app (settings find templates/, locale/ and media/ next to the
# source), so /app comes first on the path; the dependencies are the hashed, pinned
# versions of requirements/production.txt.
# gunicorn binds 0.0.0.0:$PORT with $WEB_CONCURRENCY workers; docker/healthcheck.py
# probes the same port.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PYTHONPATH=/app \
    PORT=8000 \
    WEB_CONCURRENCY=3

# Pango draws the feedback reports' PDF (WeasyPrint); the fonts cover the site's
# Bengali, Gujarati, Arabic and Urdu quotes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core fonts-lohit-beng-bengali fonts-lohit-gujr fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin portal

WORKDIR /app
COPY . .

RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes -r requirements/production.txt \
    && pip install --no-deps --no-build-isolation . \
    && rm -rf build ./*.egg-info

# Static files are hashed and compressed once, at build time, with production
# settings; docker/collectstatic.sh supplies build-only placeholder values.
RUN bash docker/collectstatic.sh \
    && mkdir -p /app/media \
    && chown portal:portal /app/media

USER portal
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]

ENTRYPOINT ["bash", "docker/entrypoint.sh"]
CMD ["gunicorn", "portal.wsgi", "--config", "docker/gunicorn.conf.py", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--timeout", "60"]
