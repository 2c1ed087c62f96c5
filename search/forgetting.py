"""What search keeps that an erasure must reach, and search terms past their retention.

- Feedback explorer searches (``ExplorerSearch``): who searched for what. After an
  erasure, the person's identifiers in a query or a filter are replaced by
  "[erased]" (who searched, when and how many results stay: the audit trail).
- Public search terms (Wagtail's search promotions ``Query`` and its daily hits):
  terms naming the person are deleted (unless an editor promotes pages for them).
- SQLite full-text blocks: deleting an index entry leaves its words in the FTS5
  segments until they are merged, and deleted rows stay in the file's free pages
  until it is rewritten; ``forget_deleted_text`` merges (``'optimize'``) and
  ``VACUUM``s. PostgreSQL's index is a column of the passage's own row (see
  ``search.postgres``), which autovacuum reclaims; Elasticsearch merges its segments
  itself.

Retention (``forget_old_search_terms``, run by the daily retention job): explorer
searches are kept ``EXPLORER_SEARCH_RETENTION_DAYS`` and public search terms
``WAGTAILSEARCH_HITS_MAX_AGE`` days (Wagtail's own setting for its daily hits).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection, models
from django.db.models.functions import Cast
from django.utils import timezone

from search.models import ExplorerSearch

logger = logging.getLogger(__name__)
ERASED = "[erased]"


def _pattern(values) -> re.Pattern | None:
    """One case-insensitive pattern for every value (whole words where they start and
    end with a letter or digit, so "Al" does not match inside "Alternative")."""
    parts = []
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        body = r"\s*".join(re.escape(piece) for piece in value.split())
        parts.append(rf"(?<!\w){body}(?!\w)" if value[0].isalnum() else body)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _without(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(ERASED, text)


def forget_in_explorer_searches(values) -> int:
    """Replace ``values`` in logged explorer queries and filters; returns rows changed."""
    pattern = _pattern(values)
    if pattern is None:
        return 0
    condition = models.Q()
    for value in {v for v in values if v}:
        condition |= models.Q(query__icontains=value) | models.Q(_filters_text__icontains=value)
    changed = 0
    searches = ExplorerSearch.objects.annotate(
        _filters_text=Cast("filters", models.TextField())
    ).filter(condition)
    for search in searches:
        search.query = _without(search.query, pattern)
        search.filters = {
            key: _without(str(value), pattern) for key, value in (search.filters or {}).items()
        }
        search.save(update_fields=["query", "filters"])
        changed += 1
    return changed


def forget_public_search_terms(values) -> int:
    """Delete public search terms containing ``values`` (and their daily hits)."""
    from wagtail.contrib.search_promotions.models import Query

    pattern = _pattern(values)
    if pattern is None:
        return 0
    condition = models.Q()
    for value in {v for v in values if v}:
        condition |= models.Q(query_string__icontains=value)
    doomed = [
        query.pk
        for query in Query.objects.filter(condition).filter(editors_picks__isnull=True)
        if pattern.search(query.query_string)
    ]
    Query.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def forget_deleted_text() -> list[str]:
    """Make deleted index text unrecoverable from the SQLite file; returns the FTS
    tables merged. Outside a transaction it also VACUUMs (which cannot run inside one).
    Nothing to do on other databases."""
    if connection.vendor != "sqlite":
        return []
    try:
        return _merge_and_vacuum()
    except OperationalError:  # busy: the erasure is done; the next one (or an operator) tidies
        logger.warning("Could not optimise and vacuum the SQLite database", exc_info=True)
        return []


def _merge_and_vacuum() -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND lower(sql) LIKE 'create virtual table%using fts5%'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f"INSERT INTO {quote(table)}({quote(table)}) VALUES ('optimize')")  # noqa: S608 - names from sqlite_master
        if not connection.in_atomic_block:
            cursor.execute("VACUUM")
    return tables


def forget_old_search_terms(now=None, *, dry_run: bool = False) -> dict[str, int]:
    """Delete explorer searches and public search terms past their retention period
    (``dry_run``: only count them); returns what was (or would be) deleted."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    now = now or timezone.now()
    explorer = ExplorerSearch.objects.filter(
        created_at__lt=now - timedelta(days=settings.EXPLORER_SEARCH_RETENTION_DAYS)
    )
    public_days = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
    hits = QueryDailyHits.objects.filter(date__lt=(now - timedelta(days=public_days)).date())
    # A term goes with its last hit, unless an editor promotes pages for it.
    unpromoted = Query.objects.filter(editors_picks__isnull=True)
    if dry_run:
        terms = unpromoted.exclude(daily_hits__in=QueryDailyHits.objects.exclude(pk__in=hits))
        return {
            "explorer_searches": explorer.count(),
            "public_search_hits": hits.count(),
            "public_search_terms": terms.distinct().count(),
        }
    counts = {"explorer_searches": explorer.delete()[0], "public_search_hits": hits.delete()[0]}
    terms = unpromoted.filter(daily_hits__isnull=True).delete()[1]
    counts["public_search_terms"] = terms.get(Query._meta.label, 0)
    return counts
