# syntax=docker/dockerfile:1
# PMO Portal image: the Django portal (gunicorn), its Celery worker and beat all run from this one image.
# See docker-compose.yml for the whole stack (PostgreSQL, Redis, a mail catcher, migrations, web, worker, beat).

# --- Stage 1: front-end files from npm (package-lock.json pins them), copied as `make assets` does -----------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# Same commands as the Makefile's static/vendor/.copied target.
RUN npm ci --no-audit --no-fund --loglevel=error \
 && rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/font static/vendor/htmx \
 && cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/ \
 && cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/font/ \
 && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/ \
 && mkdir -p static/vendor/plotly && cp node_modules/plotly.js-dist-min/plotly.min.js static/vendor/plotly/ \
 && touch static/vendor/.copied

# --- Stage 2: the Python application ------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango for WeasyPrint (PDF reports), Noto CJK so Japanese renders in PDFs, gettext for compilemessages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk gettext \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
COPY --from=assets /build/static/vendor/ static/vendor/

# Build-time only: throwaway settings so the settings module imports (no database, broker or mail server is
# touched; production settings refuse to start without them, so the embedded defaults are named explicitly).
# They are not kept in the image; the real SECRET_KEY, DATABASE_URL etc. come from the environment at run time.
RUN export DEBUG=0 SECRET_KEY=build-only-not-a-secret-never-used-at-run-time \
           DATABASE_URL=embedded REDIS_URL=embedded EMAIL_HOST=embedded \
 && python manage.py compilemessages -l ja -v 0 \
 && python manage.py collectstatic --noinput -v 0 \
 && mkdir -p var/media \
 && chown -R app:app var

USER app

EXPOSE 8000

CMD ["gunicorn", "pmo_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
