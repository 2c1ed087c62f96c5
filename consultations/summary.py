"""Everything a respondent told us, read back to them.

One list of sections for check-your-answers (with "Change" links), the printable
copy after submitting, and its plain-text download: the survey's answers step by
step (with the "About you" answers under their step), then "About your response"
(who is responding, name, email, postcode and the two email choices).

``private`` is for a browser that reached the response through an emailed link,
which anyone it was forwarded to may hold: contact details and "About you"
answers are then not read back (see ``services.opened_by_link``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consultations.answers import display
from consultations.forms import EQUALITY_FIELDS, EQUALITY_QUESTIONS
from consultations.models import EqualityMonitoring, Response, ResponseContact


@dataclass
class Row:
    key: str
    value: str
    change: str = ""  # route under the page, e.g. "respond/step/2/?return=check"


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


def _not_shown() -> str:
    return _("Not shown, to keep it private")


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def equality_rows(response: Response, change: str, *, private: bool) -> list[Row]:
    if private:
        return [Row(_("About you"), _not_shown(), change)]
    equality = EqualityMonitoring.objects.filter(response=response).first()
    rows = []
    for name in EQUALITY_FIELDS:
        given = getattr(equality, f"get_{name}_display")() if equality else ""
        if given:  # nine "Not answered" rows would bury the answers that were given
            rows.append(Row(str(EQUALITY_QUESTIONS[name]), given, change))
    return rows or [Row(_("About you"), _("Not answered"), change)]


def details_section(response: Response, *, private: bool) -> Section:
    change = "respond/your-details/"
    section = Section(_("About your response"))
    rows = section.rows
    rows.append(Row(_("Responding as"), response.get_respondent_type_display(), change))
    if response.respondent_type == Response.RespondentType.ORGANISATION:
        rows.append(Row(_("Name of the organisation"), response.organisation_name, change))
        if response.organisation_role:
            rows.append(Row(_("Your role in the organisation"), response.organisation_role, change))
        if response.organisation_size:
            rows.append(
                Row(
                    _("People the organisation speaks for"), str(response.organisation_size), change
                )
            )
    contact = None if private else ResponseContact.objects.filter(response=response).first()
    not_given = _("Not given")
    for key, attribute in (
        (_("Your name"), "name"),
        (_("Email address"), "email"),
        (_("Your postcode"), "postcode"),
    ):
        value = _not_shown() if private else (getattr(contact, attribute, "") or not_given)
        rows.append(Row(key, value, change))
    if not private:
        rows.append(
            Row(
                _("Email me a copy of my answers"),
                _yes_no(bool(contact and contact.wants_copy)),
                change,
            )
        )
        rows.append(
            Row(
                _("Email me when the outcome is published"),
                _yes_no(bool(contact and contact.wants_updates)),
                change,
            )
        )
    return section


def sections(page, response: Response, answers: dict, *, private: bool) -> list[Section]:
    """Every answer given, in the order the person met the questions."""
    definition = page.survey_definition
    result = []
    for step in definition.visible_steps(answers):
        section = Section(step.title)
        change = f"respond/step/{step.number}/?return=check"
        for question in definition.visible_questions(step, answers):
            if question.type == "about_you":
                section.rows.extend(equality_rows(response, change, private=private))
            elif question.takes_answer:
                section.rows.append(
                    Row(question.text, display(question, answers.get(question.id)), change)
                )
        if section.rows:
            result.append(section)
    result.append(details_section(response, private=private))
    return result
