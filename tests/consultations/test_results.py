"""The staff results summary: counts straight from the database, and its admin pages."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations import results
from consultations.answers import replace_answers
from consultations.models import Response
from tests.consultations.factories import (
    UserFactory,
    make_consultation,
    make_response,
    option_id,
    options,
    question,
    question_id,
    standard_survey,
    step,
)

pytestmark = pytest.mark.django_db


class Survey:
    """Question and option ids of a page, by reference and English label."""

    def __init__(self, page):
        self.page = page

    def q(self, reference):
        return question_id(self.page, reference)

    def o(self, reference, label):
        return option_id(self.page, reference, label)

    def answers(self, **by_reference):
        """Canonical answers from readable values: option labels become option ids."""
        values = {}
        for reference, value in by_reference.items():
            reference = reference.replace("_", "-")
            kind = self.page.survey_definition.question_by_reference(reference).type
            if kind == "single_choice":
                value = self.o(reference, value)
            elif kind == "multiple_choice":
                labels, other = value
                value = {"options": [self.o(reference, label) for label in labels], "other": other}
            elif kind == "ranking":
                value = [self.o(reference, label) for label in value]
            values[self.q(reference)] = value
        return values


def result_for(summary, reference):
    return next(r for r in summary.questions if r.question.reference == reference)


def counts(result):
    return {row.label: (row.count, row.percent) for row in result.options}


@pytest.fixture
def survey(consultation):
    return Survey(consultation)


@pytest.fixture
def four_responses(consultation, survey):
    """Four submitted responses, the last submitted most recently."""
    start = timezone.now() - datetime.timedelta(days=4)
    given = [
        survey.answers(
            travel="Bus",
            priorities=(["Shorter waits", "Clear information"], ""),
            agree_merge=5,
            why="Too far to travel",
            used_walk_in=True,
            visit_rating=4,
            walk_in_ranking=["Waiting time", "Opening hours", "Friendly staff"],
        ),
        survey.answers(
            travel="Bus",
            priorities=(["Shorter waits"], "Parking at the hospital"),
            agree_merge=4,
            used_walk_in=False,
        ),
        survey.answers(
            travel="Car",
            priorities=(["Care closer to home"], ""),
            agree_merge=4,
            used_walk_in=True,
            visit_rating=2,
            walk_in_ranking=["Opening hours", "Friendly staff", "Waiting time"],
        ),
        survey.answers(travel="Bus", agree_merge=1, why="Buses are late", used_walk_in=False),
    ]
    return [
        make_response(consultation, answers, submitted_at=start + datetime.timedelta(days=day))
        for day, answers in enumerate(given)
    ]


def test_summary_counts_and_percentages_match_a_hand_count(consultation, four_responses):
    summary = results.summarise(consultation)

    assert summary.total == 4
    travel = result_for(summary, "travel")
    assert travel.answered == 4
    assert counts(travel) == {"Bus": (3, 75.0), "Car": (1, 25.0), "Walking": (0, 0.0)}

    priorities = result_for(summary, "priorities")
    assert priorities.answered == 3  # the fourth person skipped it
    assert counts(priorities) == {
        "Shorter waits": (2, 66.7),
        "Care closer to home": (1, 33.3),
        "Clear information": (1, 33.3),
        "Other": (1, 33.3),
    }
    assert priorities.examples == ["Parking at the hospital"]

    agree = counts(result_for(summary, "agree-merge"))
    assert agree["Strongly agree"] == (1, 25.0)
    assert agree["Agree"] == (2, 50.0)
    assert agree["Strongly disagree"] == (1, 25.0)
    assert agree["Don't know"] == (0, 0.0)

    assert counts(result_for(summary, "used-walk-in")) == {"Yes": (2, 50.0), "No": (2, 50.0)}

    rating = result_for(summary, "visit-rating")
    assert (rating.answered, rating.mean) == (2, 3.0)

    ranking = result_for(summary, "walk-in-ranking")
    assert ranking.answered == 2
    assert {row.label: row.mean_rank for row in ranking.options} == {
        "Opening hours": 1.5,
        "Waiting time": 2.0,
        "Friendly staff": 2.5,
    }


def test_latest_free_text_answers_come_first(consultation, four_responses):
    why = result_for(results.summarise(consultation), "why")
    assert why.text_count == 2
    assert why.examples == ["Buses are late", "Too far to travel"]


def test_the_latest_answers_shown_to_staff_carry_no_typed_contact_details(consultation, survey):
    """The summary is read by Analysts, who see no personal data: its examples come
    through the same redaction as the explorer and reports."""
    make_response(
        consultation,
        survey.answers(
            travel="Bus",
            why="Ring me on 07700 900123 or write to sam@example.org about the bus",
        ),
    )
    why = result_for(results.summarise(consultation), "why")
    assert len(why.examples) == 1
    assert "07700 900123" not in why.examples[0]
    assert "sam@example.org" not in why.examples[0]
    assert "about the bus" in why.examples[0]


def test_english_and_polish_answers_count_under_the_same_english_question(
    consultation, polish_consultation, survey
):
    bus = survey.o("travel", "Bus")
    make_response(consultation, {survey.q("travel"): bus})
    polish = make_response(polish_consultation, {survey.q("travel"): bus})
    assert polish.language == "pl"

    # Asking from the Polish page gives the same, source-language summary.
    summary = results.summarise(polish_consultation)

    travel = result_for(summary, "travel")
    assert travel.question.text == "How do you usually travel to hospital?"
    assert counts(travel)["Bus"] == (2, 100.0)
    assert "Autobusem" not in counts(travel)
    languages = {row.key: row.count for row in summary.by_language}
    assert languages == {"en": 1, "pl": 1}


def test_drafts_and_withdrawn_responses_are_not_counted(consultation, survey):
    travel = survey.q("travel")
    make_response(consultation, {travel: survey.o("travel", "Car")})
    make_response(consultation, {travel: survey.o("travel", "Bus")}, status=Response.Status.DRAFT)
    make_response(
        consultation, {travel: survey.o("travel", "Bus")}, status=Response.Status.WITHDRAWN
    )

    summary = results.summarise(consultation)

    assert summary.total == 1
    assert counts(result_for(summary, "travel"))["Bus"] == (0, 0.0)
    assert counts(result_for(summary, "travel"))["Car"] == (1, 100.0)


def test_totals_by_channel_language_and_respondent_type(consultation, survey, areas):
    travel = {survey.q("travel"): survey.o("travel", "Bus")}
    make_response(consultation, travel, area=areas["harrow"])
    make_response(consultation, travel, channel=Response.Channel.PAPER, area=areas["harrow"])
    make_response(
        consultation,
        travel,
        channel=Response.Channel.EMAIL,
        respondent_type=Response.RespondentType.ORGANISATION,
        organisation_name="Healthwatch Brent",
        language="pl",
    )

    summary = results.summarise(consultation)

    channels = {row.key: (row.count, row.percent) for row in summary.by_channel}
    assert channels["online"] == (1, 33.3)
    assert channels["paper"] == (1, 33.3)
    assert channels["email"] == (1, 33.3)
    assert channels["phone"] == (0, 0.0)
    assert {row.key: row.count for row in summary.by_language} == {"en": 2, "pl": 1}
    assert {row.key: row.count for row in summary.by_respondent_type} == {
        "individual": 2,
        "organisation": 1,
    }
    assert {row.label: row.count for row in summary.by_area} == {"Harrow": 2, "Not known": 1}


def test_choice_answers_are_cross_tabulated_by_area_and_respondent_type(
    consultation, survey, areas
):
    def respond(label, area, respondent_type=Response.RespondentType.INDIVIDUAL):
        make_response(
            consultation,
            {survey.q("travel"): survey.o("travel", label)},
            area=area,
            respondent_type=respondent_type,
            organisation_name="A group" if respondent_type == "organisation" else "",
        )

    respond("Bus", areas["harrow"])
    respond("Bus", areas["harrow"])
    respond("Car", areas["harrow"])
    respond("Car", areas["brent"], Response.RespondentType.ORGANISATION)

    travel = result_for(results.summarise(consultation), "travel")
    by_area, by_type = travel.crosstabs

    assert [(c.label, c.count) for c in by_area.columns] == [("Brent", 1), ("Harrow", 3)]
    table = {option.label: [(c.count, c.percent) for c in cells] for option, cells in by_area.rows}
    assert table["Bus"] == [(0, 0.0), (2, 66.7)]
    assert table["Car"] == [(1, 100.0), (1, 33.3)]
    by_type_table = {o.label: [c.count for c in cells] for o, cells in by_type.rows}
    assert [c.key for c in by_type.columns] == ["individual", "organisation"]
    assert by_type_table == {"Bus": [2, 0], "Car": [1, 1], "Walking": [0, 0]}


def test_multiple_choice_cross_tab_counts_people_not_ticks(consultation, survey, areas):
    both = (["Shorter waits", "Clear information"], "")
    make_response(consultation, survey.answers(priorities=both), area=areas["brent"])

    priorities = result_for(results.summarise(consultation), "priorities")
    by_area = priorities.crosstabs[0]

    assert [(c.label, c.count) for c in by_area.columns] == [("Brent", 1)]
    table = {o.label: cells[0].percent for o, cells in by_area.rows}
    assert table["Shorter waits"] == 100.0
    assert table["Clear information"] == 100.0


def test_summary_needs_the_same_few_queries_however_many_questions(consultation_index):
    small = make_consultation(consultation_index, title="Small survey")
    many_questions = [
        question("single_choice", f"Question {n}", reference=f"q{n}", options=options("A", "B"))
        for n in range(30)
    ]
    large = make_consultation(
        consultation_index,
        title="Large survey",
        survey=[*standard_survey(), step("More", many_questions)],
    )
    for page in (small, large):
        travel = question_id(page, "travel")
        make_response(page, {travel: option_id(page, "travel", "Car")})

    # Warm the page caches and count the one response each, so only the summary's
    # own queries are counted.
    results.summarise(small)
    results.summarise(large)
    with CaptureQueriesContext(connection) as small_queries:
        results.summarise(small)
    with CaptureQueriesContext(connection) as large_queries:
        summary = results.summarise(large)

    assert len(large_queries) == len(small_queries) <= 15
    assert len(summary.questions) == 8 + 30


def test_counts_follow_new_responses_without_recounting_every_answer(consultation, survey):
    travel = survey.q("travel")
    make_response(consultation, {travel: survey.o("travel", "Car")})
    first = results.summarise(consultation)
    make_response(consultation, {travel: survey.o("travel", "Bus")})

    with CaptureQueriesContext(connection) as second_view:
        after = results.summarise(consultation)

    assert counts(result_for(first, "travel"))["Bus"] == (0, 0.0)
    assert counts(result_for(after, "travel"))["Bus"] == (1, 50.0)
    assert counts(result_for(after, "travel"))["Car"] == (1, 50.0)
    # Only the new response's answers were read, never every answer of the consultation.
    assert not any(
        "GROUP BY" in q["sql"] and "consultations_answer" in q["sql"] for q in second_view
    )


def test_counts_drop_a_response_withdrawn_without_saving_it(consultation, survey):
    travel = survey.q("travel")
    make_response(consultation, {travel: survey.o("travel", "Car")})
    leaving = make_response(consultation, {travel: survey.o("travel", "Bus")})
    results.summarise(consultation)

    # A queryset update leaves updated_at alone: the count check still notices.
    Response.objects.filter(pk=leaving.pk).update(status=Response.Status.WITHDRAWN)
    after = results.summarise(consultation)

    assert after.total == 1
    assert counts(result_for(after, "travel"))["Bus"] == (0, 0.0)


def test_counts_drop_a_deleted_response_and_follow_a_changed_one(
    consultation, survey, four_responses
):
    results.summarise(consultation)
    four_responses[0].delete()
    edited = four_responses[1]
    replace_answers(
        edited,
        [consultation.survey_definition.question_by_reference("travel")],
        {survey.q("travel"): survey.o("travel", "Car")},
    )
    edited.save()  # as the survey does after every step

    summary = results.summarise(consultation)

    assert summary.total == 3
    assert counts(result_for(summary, "travel"))["Car"] == (2, 66.7)
    assert counts(result_for(summary, "travel"))["Bus"] == (1, 33.3)


def test_running_counts_equal_a_count_from_every_answer(consultation, survey, four_responses):
    make_response(consultation, {survey.q("travel"): survey.o("travel", "Car")}, area=None)
    make_response(consultation, survey.answers(travel="Bus"), status=Response.Status.DRAFT)
    definition = consultation.survey_definition

    running = results.count_answers(consultation, definition)
    afresh = results.count_answers_afresh(consultation, definition)

    def normalised(counted):
        per_question, respondents = counted
        cells = sorted(
            (c["question_id"], c["option_id"], c["area"], c["rtype"], c["n"], c["firsts"])
            for rows in per_question.values()
            for c in rows
        )
        people = sorted(
            (qid, c["area"], c["rtype"], c["n"]) for qid, rows in respondents.items() for c in rows
        )
        return cells, people

    assert normalised(running) == normalised(afresh)
    assert running[0]  # something was counted


def test_submitting_asks_the_worker_to_count_once(
    consultation, survey, django_capture_on_commit_callbacks, monkeypatch
):
    from consultations.models import AnswerTally
    from consultations.services import submit
    from consultations.tasks import tally_responses

    asked = []
    monkeypatch.setattr(
        tally_responses, "delay", lambda *args: asked.append(args) or tally_responses(*args)
    )
    draft = make_response(consultation, survey.answers(travel="Bus"), status=Response.Status.DRAFT)
    another = make_response(
        consultation, survey.answers(travel="Car"), status=Response.Status.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft)
        submit(another)

    # The second submission found a count already on its way.
    assert asked == [(consultation.pk,)]
    car = AnswerTally.objects.get(
        question_id=survey.q("travel"), option_id=survey.o("travel", "Car")
    )
    bus = AnswerTally.objects.get(
        question_id=survey.q("travel"), option_id=survey.o("travel", "Bus")
    )
    assert (bus.n, car.n) == (1, 1)


# --- admin pages -----------------------------------------------------------------------


def summary_url(page):
    return f"/admin/consultation-results/{page.pk}/"


def test_staff_see_results_as_accessible_tables(client, superuser, consultation, four_responses):
    client.force_login(superuser)

    response = client.get(summary_url(consultation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Answers to ‘How do you usually travel to hospital?’</caption>" in html
    assert '<th scope="row">Bus</th>' in html
    assert '<td class="cr-number">75.0%</td>' in html
    assert 'style="width: 75.0%"' in html
    assert "Buses are late" in html


def test_results_list_shows_each_consultation_once_with_its_response_count(
    client, superuser, consultation, polish_consultation, four_responses
):
    make_response(polish_consultation, {})
    client.force_login(superuser)

    response = client.get("/admin/consultation-results/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f'href="{summary_url(consultation)}"') == 2  # title and button
    assert f'href="{summary_url(polish_consultation)}"' not in html
    assert '<td class="cr-number">5</td>' in html
    assert "Consultation results" in html


def test_results_menu_item_is_in_the_admin_sidebar(client, superuser, home_page):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "/admin/consultation-results/" in html


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, consultation):
    response = client.get(summary_url(consultation))
    assert response.status_code == 302
    assert "/accounts/login/?next=/admin/consultation-results/" in response["Location"]


def test_members_of_the_public_cannot_open_the_results(client, consultation, four_responses):
    client.force_login(UserFactory())

    response = client.get(summary_url(consultation))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert b"Bus" not in client.get(response["Location"]).content


def test_staff_without_the_results_permission_are_turned_away(
    client, staff_user, consultation, four_responses
):
    client.force_login(staff_user)

    for url in ("/admin/consultation-results/", summary_url(consultation)):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == "/admin/"
        assert b"Bus" not in response.content
        assert b"permission" in response.content


def test_staff_with_the_results_permission_can_read_them(
    client, staff_user, consultation, four_responses
):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_results"))
    client.force_login(staff_user)

    response = client.get(summary_url(consultation))

    assert response.status_code == 200
    assert "Enter a response" not in response.content.decode()  # needs add_response too


def test_the_beat_job_counts_open_consultations_before_staff_look(consultation, survey):
    from consultations.tasks import warm_results_summaries

    make_response(consultation, {survey.q("travel"): survey.o("travel", "Car")})
    assert warm_results_summaries() == 1

    with CaptureQueriesContext(connection) as staff_view:
        summary = results.summarise(consultation)
    # Nothing changed since the beat job: no answer is read at all for the counts.
    assert not any(
        "consultations_answer" in q["sql"] and "GROUP BY" in q["sql"] for q in staff_view
    )
    assert counts(result_for(summary, "travel"))["Car"] == (1, 100.0)
