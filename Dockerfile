# Min stemme teller, the production image (docs/operations.md; compose.yaml runs it with
# PostgreSQL and a TLS proxy). It is set up by the same script the README's commands use, so
# CI, which runs that script, checks what the image installs; CI also runs its entrypoint with
# its settings as a plain process (tests/test_deployment.py), as no Docker engine runs there.
FROM python:3.11-slim-bookworm
WORKDIR /srv/minstemme
COPY . .
# The app's bytecode is made here, as root: its user cannot write into the app's folder, and
# without it every worker compiled every module of the app as it started.
RUN scripts/setup run && .venv/bin/python -m compileall -q app && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /srv/minstemme --shell /usr/sbin/nologin minstemme \
    && mkdir -p data audio/cache audio/recorded \
    && chown -R minstemme:minstemme data audio questions illustrations
# Production: cookies over HTTPS only, no try-out round, Norway's day, logs for a collector.
# MINSTEMME_SECRET_KEY and MINSTEMME_PUBLIC_URL are the operator's (compose.yaml asks for them).
ENV TZ=Europe/Oslo \
    MINSTEMME_ENVIRONMENT=production \
    MINSTEMME_SECURE_COOKIES=true \
    MINSTEMME_TIME_ZONE=Europe/Oslo \
    MINSTEMME_LOG_FORMAT=json \
    MINSTEMME_DATABASE_URL=sqlite:////srv/minstemme/data/minstemme.db
USER minstemme
# Answers (SQLite, and the pictures made for pages), voices and recordings, the owners'
# questionnaires and pictures: each kept outside the image.
VOLUME ["/srv/minstemme/data", "/srv/minstemme/audio", "/srv/minstemme/questions", "/srv/minstemme/illustrations"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=8)"
CMD ["scripts/entrypoint", "--workers", "2"]
