"""Fixtures for feedback report tests: a small coded consultation with personal data.

``coded_consultation`` has 20 submitted responses: 17 individuals in Harrow and 3
organisations in Brent (the cut of three people), free-text answers with an email
address, phone numbers, a valid NHS number, a postcode and the respondent's own
name in them, and a theme frame (a broad theme with a sub-theme, and a small theme)
coded by an analyst.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Permission

from consultations.models import EqualityMonitoring, ResponseContact
from tests.consultations.conftest import (  # noqa: F401 - fixtures re-used here
    areas,
    consultation,
    consultation_index,
    staff_user,
)
from tests.consultations.factories import StaffUserFactory, make_response, question_id
from themes.models import Coding, Theme, ThemeFrame

# Personal data written into answers: none of it may reach a report.
PII = {
    "email": "jo.bloggs+nhs@example.co.uk",
    "mobile": "07700 900123",
    "london": "+44 (0)20 7946 0958",
    "nhs_number": "943 476 5919",
    "postcode": "HA1 1AA",
    "name": "Priyanka",
    "surname": "Oyelaran",
}

TEXTS = [
    f"The waits are far too long. Email me at {PII['email']} if you want to know more.",
    f"I waited six weeks; ring me on {PII['mobile']} and I'll explain.",
    f"Phone lines are always busy at 8am, call {PII['london']} back please.",
    f"My NHS number is {PII['nhs_number']} and I still waited three weeks.",
    f"I live at {PII['postcode']} and the nearest surgery never has appointments.",
    f"{PII['name']} {PII['surname']} here: the receptionist could not find a slot for me.",
]


def user_with(*codenames):
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *[Permission.objects.get(content_type__app_label="reports", codename=c) for c in codenames],
    )
    return user


@pytest.fixture
def analyst(db):
    return user_with("build_feedbackreport", "view_feedbackreport")


@pytest.fixture
def engagement_lead(db):
    return user_with("build_feedbackreport", "view_feedbackreport", "sign_off")


@pytest.fixture
def governing_body_reader(db):
    return user_with("view_feedbackreport")


@dataclass
class Coded:
    page: object
    responses: list
    answers: dict  # response pk -> free-text Answer
    waits: Theme
    phones: Theme
    information: Theme
    small_cut: list = field(default_factory=list)  # the three Brent organisation responses


@pytest.fixture
def coded_consultation(consultation, areas, analyst):  # noqa: F811 - fixtures imported above
    why = question_id(consultation, "why")
    travel = consultation.survey_definition.question_by_reference("travel")
    bus = travel.options[0].id
    responses, answers = [], {}
    for index in range(20):
        small = index >= 17
        response = make_response(
            consultation,
            {why: TEXTS[index % len(TEXTS)], travel.id: bus},
            area=areas["brent"] if small else areas["harrow"],
            respondent_type="organisation" if small else "individual",
            organisation_name="Brent Patient Voice" if small else "",
        )
        ResponseContact.objects.create(
            response=response,
            name=f"{PII['name']} {PII['surname']}" if index % len(TEXTS) == 5 else "Alex Smith",
            email=f"person{index}@example.org",
            postcode=PII["postcode"],
        )
        EqualityMonitoring.objects.create(
            response=response, age_band="75+" if small else "35-44", sex="female"
        )
        responses.append(response)
        answers[response.pk] = response.answers.get(question_id=why)
    frame = ThemeFrame.for_page(consultation)
    waits = Theme.objects.create(
        frame=frame,
        name="Waiting times",
        sort_order=1,
        description="Waiting too long for an appointment",
    )
    phones = Theme.objects.create(frame=frame, name="Phone lines", parent=waits, sort_order=2)
    information = Theme.objects.create(frame=frame, name="Information", sort_order=3)

    def code(theme, rows, **fields):
        for response in rows:
            Coding.objects.create(theme=theme, answer=answers[response.pk], coder=analyst, **fields)

    code(waits, responses[:12])
    code(phones, responses[6:16], origin="suggested")  # overlaps with waits on 6..11
    code(information, responses[17:20])  # the three in Brent: a theme of three
    return Coded(
        page=consultation,
        responses=responses,
        answers=answers,
        waits=waits,
        phones=phones,
        information=information,
        small_cut=responses[17:],
    )


@pytest.fixture
def built_version(coded_consultation, analyst):
    from reports import versions
    from reports.models import FeedbackReportVersion

    report = versions.report_for(coded_consultation.page)
    version = FeedbackReportVersion.objects.create(report=report, number=1, requested_by=analyst)
    return versions.build(version.pk)
