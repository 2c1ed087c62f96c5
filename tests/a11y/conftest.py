"""Fixtures for the translation and accessibility tests that need no browser."""

from tests.consultations.conftest import (  # noqa: F401 - fixtures
    consultation,
    consultation_index,
    superuser,
)
