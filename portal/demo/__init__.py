"""Demo content for the portal: a believable North West London engagement site.

``build_demo_site`` runs every step in order and is what ``manage.py
load_demo_content`` calls. Each step lives in its own small module and is safe to
run again: it looks for what it would create and leaves existing rows alone.

This package imports from ``portal.models`` and Wagtail; nothing imports from it
except the management command and tests.
"""

from .runner import build_demo_site

__all__ = ["build_demo_site"]
