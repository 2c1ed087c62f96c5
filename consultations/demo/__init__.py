"""Demo consultations for ``manage.py load_demo_content`` (called by portal.demo).

Builds the consultation listing, the North West London single-commissioner
engagement (open), a children and young people's survey (open, with show-if),
a closed consultation with a few hundred seeded responses in several languages,
and the standing "share your feedback" page. Idempotent.
"""

from .build import load_demo

__all__ = ["load_demo"]
