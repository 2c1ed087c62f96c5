"""Fixtures for the hardening and reliability tests (issue #9, trust).

Consultation fixtures are shared from tests/consultations. Fault tests that stop
Redis start a ``redis-server`` of their own (``private_redis``), never the shared one.
"""

from tests.consultations.conftest import (  # noqa: F401 - fixtures re-used here
    consultation,
    consultation_index,
)
