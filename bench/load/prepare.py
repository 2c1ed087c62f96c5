"""Build the small site the load test drives (run with Django set up, by bench/load_test.py).

One open consultation with a one-step survey (a single-choice question and a free-text
question), on an otherwise empty site, in a database the load test owns. Prints a JSON
description (paths and form field names) for the client process.
"""

from __future__ import annotations

import json
import uuid

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Locale, Page, Site

from consultations.models import ConsultationIndexPage, ConsultationPage, Response
from portal.models import HomePage


def _id() -> str:
    return str(uuid.uuid4())


def survey() -> list[dict]:
    options = [{"type": "item", "value": label, "id": _id()} for label in ("Bus", "Car", "Walk")]
    no_condition = {"question": "", "answer": ""}
    return [
        {
            "type": "step",
            "id": _id(),
            "value": {
                "title": "Your views",
                "show_if": no_condition,
                "questions": [
                    {
                        "type": "single_choice",
                        "id": _id(),
                        "value": {
                            "question": "How do you usually travel to hospital?",
                            "hint": "",
                            "required": True,
                            "reference": "travel",
                            "show_if": no_condition,
                            "options": options,
                            "widget": "radios",
                        },
                    },
                    {
                        "type": "long_text",
                        "id": _id(),
                        "value": {
                            "question": "Tell us why.",
                            "hint": "",
                            "required": True,
                            "reference": "why",
                            "show_if": no_condition,
                            "max_length": 500,
                        },
                    },
                ],
            },
        }
    ]


@transaction.atomic
def build() -> dict:
    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    Response.objects.all().delete()  # responses protect their consultation page
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Have your say", slug="home", locale=english))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "root_page": home, "site_name": "Load test"},
    )
    index = home.add_child(
        instance=ConsultationIndexPage(title="Consultations", slug="consultations")
    )
    page = ConsultationPage(
        title="Load test consultation", slug="load-test", intro="Tell us.", survey=survey()
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    definition = page.survey_definition
    travel = definition.question_by_reference("travel")
    why = definition.question_by_reference("why")
    return {
        "page_id": page.pk,
        "page_path": page.url,
        "home_path": "/en/",
        "travel_field": f"q_{travel.id}",
        "travel_options": [option.id for option in travel.options],
        "why_field": f"q_{why.id}",
        "why_question_id": why.id,
    }


def main() -> None:
    """Build the site and print its description on one line, prefixed for the caller."""
    description = build()
    cache.clear()
    print("LOADTEST " + json.dumps(description), flush=True)
