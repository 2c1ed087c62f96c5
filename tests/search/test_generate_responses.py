"""Synthetic load data: the same seed gives the same submissions, skewed like real ones."""

from collections import Counter
from io import StringIO

from django.core.management import call_command

from consultations.models import Answer, Response
from search import indexing
from search.models import SubmissionDocument


def generate(consultation, seed, n=120):
    call_command(
        "generate_responses",
        responses=n,
        seed=seed,
        consultation=consultation.pk,
        batch=50,
        stdout=StringIO(),
    )


def test_same_seed_same_submissions_and_mostly_english(consultation):
    generate(consultation, seed=3)
    first = list(Answer.objects.order_by("pk").values_list("value_text", flat=True))
    languages = Counter(Response.objects.values_list("language", flat=True))
    Answer.objects.all().delete()
    Response.objects.all().delete()
    generate(consultation, seed=3)
    assert list(Answer.objects.order_by("pk").values_list("value_text", flat=True)) == first
    assert languages.most_common(1)[0][0] == "en"
    assert languages["en"] < 120  # and some in other languages
    assert len(set(Response.objects.values_list("reference", flat=True))) == 120
    assert any(text.count(".") + text.count("।") >= 2 for text in first)  # several sentences


def test_generated_drafts_are_not_indexed(consultation):
    generate(consultation, seed=5)
    indexing.sweep()
    drafts = Response.objects.exclude(status=Response.Status.SUBMITTED)
    assert drafts.exists()
    assert not SubmissionDocument.objects.filter(response_id__in=drafts.values("pk")).exists()
    assert (
        SubmissionDocument.objects.count()
        == Answer.objects.filter(response__status=Response.Status.SUBMITTED)
        .exclude(value_text="")
        .count()
    )
