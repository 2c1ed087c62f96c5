"""Celery tasks of the privacy app (the daily retention run is on beat)."""

from celery import shared_task


@shared_task
def apply_retention() -> str:
    """Daily: record consent missed by bulk imports, then anonymise what is past retention
    and delete search terms past theirs."""
    from privacy import consent, retention

    consents = consent.record_missing()
    result = retention.apply()
    return (
        f"{consents} consent records added; retention run {result['run'].pk}: "
        f"{result['counts']}; search terms {result['search_terms']}"
    )
