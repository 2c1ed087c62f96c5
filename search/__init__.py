"""Site search of pages and the submission index.

This package is the only place that knows which search backend is configured.
"""
