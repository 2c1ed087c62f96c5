"""Factories for the consultations tests: users, areas, pages with surveys, responses.

Pages are built with plain functions (Wagtail pages must be added to the tree);
everything else uses factory_boy. Survey StreamFields are written as raw data,
exactly as Wagtail stores them, so every test sees real block ids and list-item ids.

Look questions and options up by their untranslated reference with
``question_id(page, "travel")`` and ``option_id(page, "travel", "Bus")``.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

import factory
from django.utils import timezone

from consultations.answers import replace_answers
from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    EqualityMonitoring,
    Response,
    ResponseContact,
)
from portal.models import Area, User

# --- plain model factories ---------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.LazyAttribute(lambda a: a.name.lower().replace(" ", "-"))
    ons_code = factory.Sequence(lambda n: f"E09{n:06d}")
    postcode_districts = ""


class ResponseFactory(factory.django.DjangoModelFactory):
    """A response; pass ``consultation=page.source_page`` (or use ``make_response``)."""

    class Meta:
        model = Response

    language = "en"
    channel = Response.Channel.ONLINE
    status = Response.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question_type = "short_text"
    value_text = "An answer"


class ResponseContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseContact

    response = factory.SubFactory(ResponseFactory)
    name = "Sam Patel"
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    postcode = "HA1 1AA"


class EqualityMonitoringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityMonitoring

    response = factory.SubFactory(ResponseFactory)
    age_band = "35-44"
    sex = "female"
    ethnicity = "asian_indian"


# --- survey raw data -----------------------------------------------------------


def new_id() -> str:
    return str(uuid.uuid4())


def options(*labels: str) -> list[dict]:
    """A ListBlock of option texts in Wagtail's raw format, each item with its own id."""
    return [{"type": "item", "value": label, "id": new_id()} for label in labels]


def show_if(reference: str = "", answer: str = "") -> dict:
    return {"question": reference, "answer": answer}


def question(
    block_type: str,
    text: str,
    *,
    reference: str = "",
    required: bool = True,
    hint: str = "",
    condition: dict | None = None,
    **extra: Any,
) -> dict:
    """One question block; ``extra`` holds the type's own fields (options, max_length...)."""
    value = {
        "question": text,
        "hint": hint,
        "required": required,
        "reference": reference,
        "show_if": condition or show_if(),
        **extra,
    }
    return {"type": block_type, "value": value, "id": new_id()}


def about_you(intro: str = "These questions are optional.") -> dict:
    return {"type": "about_you", "value": {"intro": intro, "show_if": show_if()}, "id": new_id()}


def information(html: str) -> dict:
    return {"type": "information", "value": {"body": html, "show_if": show_if()}, "id": new_id()}


def step(title: str, questions: list[dict], *, condition: dict | None = None) -> dict:
    return {
        "type": "step",
        "value": {"title": title, "show_if": condition or show_if(), "questions": questions},
        "id": new_id(),
    }


def standard_survey() -> list[dict]:
    """Three steps covering the common question types; step 3 shows only after a 'yes'.

    References: travel (single choice), priorities (multiple choice with "other"),
    agree-merge (likert), why (long text, 500 characters, optional), postcode,
    used-walk-in (yes/no), visit-rating (rating, optional), walk-in-ranking
    (ranking, optional). Step 2 ends with the "about you" block.
    """
    return [
        step(
            "Your views",
            [
                question(
                    "single_choice",
                    "How do you usually travel to hospital?",
                    reference="travel",
                    options=options("Bus", "Car", "Walking"),
                    widget="radios",
                ),
                question(
                    "multiple_choice",
                    "Which of these matter most to you?",
                    reference="priorities",
                    options=options("Shorter waits", "Care closer to home", "Clear information"),
                    allow_other=True,
                ),
                question(
                    "likert",
                    "We should have one commissioning body for North West London.",
                    reference="agree-merge",
                    include_dont_know=True,
                ),
                question(
                    "long_text",
                    "Tell us why you think this.",
                    reference="why",
                    required=False,
                    max_length=500,
                ),
            ],
        ),
        step(
            "Your local services",
            [
                question(
                    "postcode",
                    "What is your postcode?",
                    reference="postcode",
                    required=False,
                ),
                question(
                    "yes_no",
                    "Have you used a walk-in centre in the last year?",
                    reference="used-walk-in",
                ),
                about_you(),
            ],
        ),
        step(
            "Your walk-in centre visit",
            [
                question(
                    "rating",
                    "How would you rate your last visit?",
                    reference="visit-rating",
                    required=False,
                    scale=5,
                    low_label="Very poor",
                    high_label="Very good",
                ),
                question(
                    "ranking",
                    "Put these in order of importance to you.",
                    reference="walk-in-ranking",
                    required=False,
                    options=options("Opening hours", "Waiting time", "Friendly staff"),
                ),
            ],
            condition=show_if("used-walk-in", "yes"),
        ),
    ]


# Polish texts for ``standard_survey``, keyed by reference (options in source order).
POLISH_TEXTS = {
    "steps": ["Twoje zdanie", "Lokalne usługi", "Twoja wizyta w punkcie"],
    "travel": ("Jak zwykle dojeżdżasz do szpitala?", ["Autobusem", "Samochodem", "Pieszo"]),
    "priorities": (
        "Co jest dla Ciebie najważniejsze?",
        ["Krótsze oczekiwanie", "Opieka bliżej domu", "Jasne informacje"],
    ),
    "agree-merge": ("Powinien istnieć jeden organ dla północno-zachodniego Londynu.", []),
    "why": ("Powiedz nam, dlaczego tak uważasz.", []),
    "postcode": ("Jaki jest Twój kod pocztowy?", []),
    "used-walk-in": ("Czy w ostatnim roku korzystałeś z punktu pomocy doraźnej?", []),
    "visit-rating": ("Jak oceniasz ostatnią wizytę?", []),
    "walk-in-ranking": (
        "Uporządkuj według ważności.",
        ["Godziny otwarcia", "Czas oczekiwania", "Miły personel"],
    ),
}


# --- pages -------------------------------------------------------------------------


def make_index_page(home_page, title: str = "Consultations", slug: str = "consultations"):
    return home_page.add_child(instance=ConsultationIndexPage(title=title, slug=slug))


def make_consultation(
    parent,
    *,
    title: str = "Merging commissioning in North West London",
    slug: str | None = None,
    survey: list[dict] | None = None,
    **fields: Any,
) -> ConsultationPage:
    """A published English consultation with ``standard_survey()`` unless told otherwise."""
    page = ConsultationPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:50],
        intro=fields.pop("intro", "Tell us what you think of our plans."),
        survey=survey if survey is not None else standard_survey(),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _translate_parent_chain(page, locale) -> None:
    """Give every ancestor below the root a published translation in ``locale``."""
    for ancestor in page.get_ancestors()[1:]:
        ancestor = ancestor.specific
        if ancestor.get_translations().filter(locale=locale).exists():
            continue
        translated = ancestor.copy_for_translation(locale)
        translated.save_revision().publish()


def translate_consultation(page, locale, texts: dict | None = None) -> ConsultationPage:
    """Publish a translation of ``page`` in ``locale``, keeping every block and item id.

    ``texts`` maps a question reference to (question text, [option texts]) and
    "steps" to the step titles; defaults to ``POLISH_TEXTS``.
    """
    texts = POLISH_TEXTS if texts is None else texts
    _translate_parent_chain(page, locale)
    translated = page.copy_for_translation(locale)
    raw = copy.deepcopy(list(page.survey.raw_data))
    step_titles = texts.get("steps", [])
    for index, step_data in enumerate(raw):
        if index < len(step_titles):
            step_data["value"]["title"] = step_titles[index]
        for block in step_data["value"]["questions"]:
            reference = block["value"].get("reference", "")
            if reference not in texts:
                continue
            text, option_texts = texts[reference]
            block["value"]["question"] = text
            for item, label in zip(block["value"].get("options", []), option_texts, strict=False):
                item["value"] = label
    translated.survey = raw
    translated.title = texts.get("title", translated.title)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


# --- lookups by reference ----------------------------------------------------------


def question_id(page, reference: str) -> str:
    found = page.survey_definition.question_by_reference(reference)
    if found is None:
        raise KeyError(reference)
    return found.id


def option_id(page, reference: str, label: str) -> str:
    found = page.survey_definition.question_by_reference(reference)
    if found is None:
        raise KeyError(reference)
    for option in found.options:
        if option.label == label:
            return option.id
    raise KeyError(f"{reference}: {label}")


# --- responses -----------------------------------------------------------------------


def make_response(page, answers: dict[str, Any] | None = None, **fields: Any) -> Response:
    """A submitted response to ``page`` (any translation) with typed Answer rows.

    ``answers`` maps question block ids to canonical values (see consultations.answers).
    ``fields`` override Response fields (status, channel, language, area, ...); the
    language defaults to the page's.
    """
    source = page.source_page
    fields.setdefault("language", page.locale.language_code)
    fields.setdefault("status", Response.Status.SUBMITTED)
    if fields["status"] == Response.Status.SUBMITTED:
        fields.setdefault("submitted_at", timezone.now())
    response = Response.objects.create(consultation=source, **fields)
    answers = answers or {}
    definition = page.survey_definition
    questions = [q for q in definition.questions if q.id in answers]
    unknown = set(answers) - {q.id for q in questions}
    if unknown:
        raise KeyError(f"No such questions on {page}: {sorted(unknown)}")
    replace_answers(response, questions, answers)
    return response
