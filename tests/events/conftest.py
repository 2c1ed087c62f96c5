"""Fixtures for the events tests (``home_page`` and ``locales`` come from tests/)."""

import pytest

from tests.events import factories


@pytest.fixture
def event_index(home_page):
    return factories.make_index(home_page)


@pytest.fixture
def event(event_index):
    """An open, in-person focus group a week away with 10 places."""
    return factories.make_event(event_index)


@pytest.fixture
def online_event(event_index):
    """An online focus group with 1 place, so the second person waits."""
    return factories.online_event(event_index, capacity=1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what was queued for after the commit (the emails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
