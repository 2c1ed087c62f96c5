"""Background jobs for themes: clustering a question's answers into suggestions, and
caching each submitted answer's sentence embedding."""

from celery import shared_task

from themes import suggest


@shared_task(acks_late=True, soft_time_limit=30 * 60)
def suggest_themes(run_id: int) -> None:
    """Run ``SuggestionRun`` ``run_id`` (progress is saved on the run as it goes)."""
    suggest.run_suggestions(run_id)


@shared_task(acks_late=True, soft_time_limit=10 * 60)
def embed_response(response_id: int) -> int:
    """Encode and cache the vectors of a submitted response's free-text answers (those
    missing or changed); returns how many were encoded."""
    from consultations.models import Answer
    from themes import coding, embeddings

    ids = (
        Answer.objects.filter(response_id=response_id)
        .filter(coding.free_text_answer_filter())
        .exclude(value_text="")
        .values_list("pk", flat=True)
    )
    return embeddings.embed_answers(list(ids))


@shared_task(acks_late=True, soft_time_limit=30 * 60)
def embed_answers(answer_ids: list[int]) -> int:
    """Encode and cache the vectors of these answers (those missing or changed)."""
    from themes import embeddings

    return embeddings.embed_answers(answer_ids)
