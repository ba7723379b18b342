# Min stemme teller. The image is set up by the same script the README's commands use,
# so CI, which runs that script, checks what the image does.
FROM python:3.11-slim-bookworm
WORKDIR /srv/minstemme
COPY . .
RUN scripts/setup run && rm -rf /var/lib/apt/lists/*
ENV MINSTEMME_DATABASE_URL=sqlite:////srv/minstemme/data/minstemme.db
VOLUME ["/srv/minstemme/data"]
EXPOSE 8000
HEALTHCHECK CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD [".venv/bin/minstemme", "serve", "--host", "0.0.0.0", "--port", "8000"]
