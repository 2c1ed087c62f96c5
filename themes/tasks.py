"""Background jobs for themes: clustering a question's answers into suggestions."""

from celery import shared_task

from themes import suggest


@shared_task(acks_late=True, soft_time_limit=30 * 60)
def suggest_themes(run_id: int) -> None:
    """Run ``SuggestionRun`` ``run_id`` (progress is saved on the run as it goes)."""
    suggest.run_suggestions(run_id)
