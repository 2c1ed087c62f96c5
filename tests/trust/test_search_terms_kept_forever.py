"""Search terms are not kept forever: the daily retention job deletes old ones.

People type names, addresses and health conditions into the public site search, and
staff type them into the feedback explorer. Public terms are kept
``WAGTAILSEARCH_HITS_MAX_AGE`` days after their last search, explorer searches
``EXPLORER_SEARCH_RETENTION_DAYS``; the retention job (``privacy.tasks.apply_retention``)
deletes the rest and records how many.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from privacy import retention, tasks
from privacy.models import RetentionRun
from search.models import ExplorerSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new_terms(home_page, settings):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 30
    settings.EXPLORER_SEARCH_RETENTION_DAYS = 90
    today = timezone.now().date()
    Query.get("john smith 12 acacia avenue hiv clinic").add_hit(date=today - timedelta(days=45))
    Query.get("flu jab").add_hit(date=today - timedelta(days=2))
    promoted = Query.get("covid vaccine")
    promoted.add_hit(date=today - timedelta(days=400))
    SearchPromotion.objects.create(query=promoted, page=home_page, description="Vaccines")
    old = ExplorerSearch.objects.create(query="Zebedee Quarterman")
    ExplorerSearch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    ExplorerSearch.objects.create(query="parking")


def test_a_public_search_term_is_gone_after_its_retention_period(old_and_new_terms):
    tasks.apply_retention()

    assert set(Query.objects.values_list("query_string", flat=True)) == {"flu jab", "covid vaccine"}


def test_an_explorer_search_is_gone_after_its_retention_period(old_and_new_terms):
    tasks.apply_retention()

    assert list(ExplorerSearch.objects.values_list("query", flat=True)) == ["parking"]
    run = RetentionRun.objects.get()
    assert run.counts["search_terms"] == {
        "explorer_searches": 1,
        "public_search_hits": 2,
        "public_search_terms": 1,
    }


def test_a_dry_run_counts_the_old_search_terms_and_deletes_nothing(old_and_new_terms):
    result = retention.apply(dry_run=True)

    assert result["search_terms"] == {
        "explorer_searches": 1,
        "public_search_hits": 2,
        "public_search_terms": 1,
    }
    assert Query.objects.count() == 3
    assert ExplorerSearch.objects.count() == 2
