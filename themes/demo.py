"""Demo themes for ``manage.py load_demo_content`` (after the consultations demo).

On the closed GP access consultation: a theme frame with a few themes an analyst
wrote, a suggestion run over its free-text question (TF-IDF, so it stays quick),
the largest suggestions accepted (their answers coded, marked "suggested" until a
person confirms them), one discarded and the rest left to decide; then a second
analyst's check of a sample, so the agreement figures show something. Idempotent.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale

from consultations.models import ConsultationPage
from themes import agreement, coding, review, suggest
from themes.models import Coding, SuggestedTheme, SuggestionRun, Theme, ThemeFrame

SEED = 8

MANUAL_THEMES = [
    (
        "Getting through to the practice",
        "Phone lines, queues at 8am, call-backs, booking online or through the NHS App.",
        None,
    ),
    ("Appointment times", "Evening and weekend appointments, waiting times.", None),
    ("Seeing the same clinician", "Continuity of care with a named GP.", None),
    (
        "Interpreters and language",
        "Access to interpreters and information in other languages.",
        None,
    ),
    (
        "Other staff who can help",
        "Pharmacists, nurses and other roles in the practice.",
        "Getting through to the practice",
    ),
]


# How an analyst renamed the suggestions they accepted, and where they filed them:
# (words in the most typical answers, new name, parent theme).
RENAMES = [
    (
        ("interpreter", "tłumacza", "مترجم", "দোভাষী"),
        "Waiting for an interpreter",
        "Interpreters and language",
    ),
    (("phone", "telefon", "engaged"), "Phone line always busy", "Getting through to the practice"),
    (("phone", "engaged"), "A call-back instead of waiting", "Getting through to the practice"),
    (
        ("online", "internet", "অনলাইনে"),
        "Booking online instead of phoning",
        "Getting through to the practice",
    ),
    (
        ("evening", "weekend", "wieczorem", "noite"),
        "Evening and weekend appointments",
        "Appointment times",
    ),
    (("same doctor",), "The same doctor each time", "Seeing the same clinician"),
]


def _rename(suggestion, themes, used):
    """(name, parent) an analyst might give a suggestion, from its typical answers."""
    from consultations.models import Answer

    texts = " ".join(
        Answer.objects.filter(pk__in=suggestion.representative_ids[:1]).values_list(
            "value_text", flat=True
        )
    ).lower()
    for words, name, parent in RENAMES:
        if name not in used and any(word in texts for word in words):
            return name, themes[parent]
    return suggestion.name, None


def _analyst():
    from portal.demo.accounts import ADMIN_USERNAME

    return get_user_model().objects.filter(username=ADMIN_USERNAME).first()


def _second_analyst():
    """Who checks the demo's sample: a different person from whoever coded it (a check
    by the first coder is refused). No password: nobody signs in as them."""
    user, created = get_user_model().objects.get_or_create(
        username="demo-second-analyst",
        defaults={
            "email": "second.analyst@example.nhs.uk",
            "first_name": "Sam",
            "last_name": "Okafor",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _closed_consultation():
    default = Locale.get_default()
    return ConsultationPage.objects.filter(slug="gp-access", locale=default).first()


@transaction.atomic
def load_demo(stdout):
    page = _closed_consultation()
    if page is None:
        stdout.write("      themes: no closed demo consultation (gp-access), skipped")
        return
    frame = ThemeFrame.for_page(page)
    if frame.suggestion_runs.exists():
        stdout.write(f"      themes: {frame.themes.count()} themes already there")
        return
    user = _analyst()
    themes = {}
    for position, (name, description, parent) in enumerate(MANUAL_THEMES):
        themes[name] = Theme.objects.create(
            frame=frame,
            name=name,
            description=description,
            parent=themes.get(parent),
            colour=frame.next_colour(),
            sort_order=position,
        )

    question = next((q for q in coding.questions(frame) if q["count"]), None)
    if question is None:
        stdout.write("      themes: the closed consultation has no free-text answers, skipped")
        return
    run = SuggestionRun.objects.create(
        frame=frame,
        question_id=question["id"],
        question_label=str(question["label"])[:500],
        requested_method=SuggestionRun.Method.TFIDF,
        created_by=user,
    )
    suggest.run_suggestions(run.pk)
    suggestions = list(run.suggestions.order_by("-size"))
    accepted = 0
    used = set()
    for suggestion in suggestions[:4]:
        name, parent = _rename(suggestion, themes, used)
        used.add(name)
        review.accept(suggestion, user=user, name=name, parent=parent)
        accepted += 1
    if len(suggestions) > 5:
        review.discard(suggestions[-1], user=user)

    # An analyst coded a few answers by hand (and confirmed some suggestions while at it).
    rng = random.Random(SEED)  # noqa: S311 - demo data
    answers = list(coding.answers_for(frame, question["id"]).order_by("pk")[:400])
    keywords = {
        "Getting through to the practice": ("phone", "telefon", "online", "internet", "8am"),
        "Appointment times": ("evening", "weekend", "wieczorem", "noite"),
        "Seeing the same clinician": ("same doctor", "ডাক্তার"),
        "Interpreters and language": ("interpreter", "tłumacza", "مترجم", "দোভাষী"),
        "Other staff who can help": ("pharmacist",),
    }
    for answer in rng.sample(answers, min(60, len(answers))):
        text = answer.value_text.lower()
        chosen = [
            themes[name].pk for name, words in keywords.items() if any(w in text for w in words)
        ]
        existing = set(
            Coding.objects.primary().filter(answer=answer).values_list("theme_id", flat=True)
        )
        coding.set_item_themes(frame, answer, set(chosen) | existing, user)

    # A second analyst checked a sample; they disagreed now and then.
    checker = _second_analyst()
    agreement.draw_sample(frame, 20, user=user, seed=SEED)
    for checked in agreement.pending(frame).select_related("answer"):
        first = set(
            Coding.objects.primary()
            .filter(answer=checked.answer)
            .values_list("theme_id", flat=True)
        )
        if rng.random() < 0.2 and first:
            first.discard(sorted(first)[0])
        coding.set_item_themes(frame, checked.answer, first, checker, Coding.PassKind.CHECK)

    coded = Coding.objects.primary().for_frame(frame).count()
    stdout.write(
        f"      themes: {frame.themes.count()} themes on “{page.title}”, "
        f"{len(suggestions)} suggested ({accepted} accepted, "
        f"{run.suggestions.filter(status=SuggestedTheme.Status.PENDING).count()} to decide), "
        f"{coded} codings"
    )
