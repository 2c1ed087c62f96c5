"""The Django project: settings, URLs, Celery app, and the site-wide pages and snippets."""

from .celery import app as celery_app

__all__ = ["celery_app"]
