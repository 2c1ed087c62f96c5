"""Data subject requests: everything about one email found, exported, then erased."""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from citizens_panel.models import Member
from consultations.models import Answer, DraftComment, EqualityMonitoring, Response, ResponseContact
from portal.models import User
from privacy import dsr, scan
from privacy.models import DataSubjectRequest
from privacy.roles import DATA_PROTECTION, setup_roles
from search import indexing
from search.models import ExplorerSearch, SubmissionDocument
from tests.consultations import factories
from tests.privacy.conftest import responses_submitted

pytestmark = pytest.mark.django_db


def test_export_for_a_seeded_person_contains_every_row_about_them(person):
    data = dsr.export(person.email)
    sources = data["sources"]

    responses = sources["responses"]["records"]
    assert {r["id"] for r in responses} == {r.pk for r in person.responses}
    first = next(r for r in responses if r["id"] == person.responses[0].pk)
    assert first["contact"]["email"] == person.email
    assert first["contact"]["postcode"] == "HA1 1AA"
    assert first["equality_monitoring"]["age_band"] == "35-44"
    exported_answers = {a["id"] for r in responses for a in r["answers"]}
    assert exported_answers == set(
        Answer.objects.filter(response__in=person.responses).values_list("pk", flat=True)
    )
    assert first["answers"][0]["question"] == "Tell us why you think this."

    comments = sources["comments"]["records"]
    assert [c["id"] for c in comments] == [person.comment.pk]
    assert comments[0]["draft_title"] == "Knee arthroscopy"

    panel = sources["panel"]["records"]
    assert [m["id"] for m in panel] == [person.member.pk]
    assert panel[0]["phone"] == "07700 900123"

    accounts = sources["account"]["records"]
    assert [a["username"] for a in accounts] == ["priya"]
    assert accounts[0]["email_addresses"][0]["verified"] is True

    if person.signups:
        assert [s["id"] for s in sources["events"]["records"]] == [s.pk for s in person.signups]
    # The file is plain JSON.
    json.dumps(data)


def exported_ids(data) -> dict[str, set]:
    """{model label: ids} of every row the export file includes."""
    sources = data["sources"]
    ids: dict[str, set] = {}

    def add(label, values):
        ids.setdefault(label, set()).update(v for v in values if v is not None)

    for response in sources["responses"]["records"]:
        add("consultations.Response", [response["id"]])
        add("consultations.Answer", [a["id"] for a in response["answers"]])
        add("consultations.ResponseContact", [(response["contact"] or {}).get("id")])
        add(
            "consultations.EqualityMonitoring",
            [(response["equality_monitoring"] or {}).get("id")],
        )
    add("consultations.DraftComment", [c["id"] for c in sources["comments"]["records"]])
    add("citizens_panel.Member", [m["id"] for m in sources["panel"]["records"]])
    for account in sources["account"]["records"]:
        add("portal.User", [account["id"]])
        add("account.EmailAddress", [a["id"] for a in account["email_addresses"]])
    if "events" in sources:
        add("events.EventSignup", [s["id"] for s in sources["events"]["records"]])
    return ids


def test_every_row_holding_the_address_anywhere_in_the_database_is_in_the_export(person):
    """A whole-database scan for the address, checked against the export file."""
    holding = scan.rows(person.email)
    exported = exported_ids(dsr.export(person.email))

    assert holding, "the scan must find the seeded address"
    for label, pks in holding.items():
        assert pks <= exported.get(label, set()), f"{label} rows {pks} missing from the export"


def test_export_finds_the_person_whatever_the_case_of_the_address(person):
    upper = dsr.export(person.email.upper())["sources"]
    assert len(upper["responses"]["records"]) == 2
    assert len(upper["comments"]["records"]) == 1


def test_after_erasure_a_database_scan_finds_their_email_nowhere(person, bystander):
    page = person.responses[0].consultation
    indexing.sync_responses([r.pk for r in person.responses] + [bystander.pk])
    indexing.sync_comments([person.comment.pk])
    ExplorerSearch.objects.create(query=f"from {person.email}", result_count=1)
    counted_before = responses_submitted(page)
    assert scan.find(person.email), "the scan must see the seeded address before erasure"

    record = dsr.erase(person.email)

    assert scan.find(person.email) == []
    assert record.remaining == []
    # Her name is gone from the indexed text and the stored answers, too.
    assert not SubmissionDocument.objects.filter(text__icontains="Priya").exists()
    assert not Answer.objects.filter(value_text__icontains="Priya").exists()
    assert not DraftComment.objects.filter(text__icontains="Priya").exists()
    assert not Member.objects.filter(name__icontains="Priya").exists()
    assert not User.objects.filter(username="priya").exists()
    # What she said still counts; her personal details do not exist any more.
    assert responses_submitted(page) == counted_before
    assert not ResponseContact.objects.filter(response__in=person.responses).exists()
    assert not EqualityMonitoring.objects.filter(response__in=person.responses).exists()
    assert SubmissionDocument.objects.filter(response_id=person.responses[1].pk).exists()
    # Someone else's data is untouched.
    assert ResponseContact.objects.filter(email="sam@example.org").exists()
    assert SubmissionDocument.objects.filter(text="Keep the walk-in centre open.").exists()


def test_erasure_is_logged_under_a_reference_without_the_email(person):
    record = dsr.erase(person.email)

    assert record.email_hash == dsr.email_hash(person.email.upper())
    entry = ModelLogEntry.objects.get(action="privacy.erase")
    assert entry.label.startswith(record.reference)
    assert person.email.lower() not in json.dumps(entry.data).lower()
    assert record.counts["responses"] == 2
    assert record.counts["panel"] == 1
    # Leaving the panel closes her account, so the account source finds nothing left.
    assert not User.objects.filter(username="priya").exists()


def test_erasure_keeps_a_staff_account_and_says_where_the_address_is_left(db):
    staff = factories.StaffUserFactory(email="officer@example.org")

    record = dsr.erase("officer@example.org")

    assert User.objects.filter(pk=staff.pk).exists()
    assert any("portal.User" in place for place in record.remaining)


@pytest.fixture
def officer(client, db):
    setup_roles()
    user = factories.StaffUserFactory(username="dpo")
    user.groups.add(Group.objects.get(name=DATA_PROTECTION))
    client.force_login(user)
    return user


def test_staff_find_download_and_erase_a_person_in_the_admin(client, officer, person):
    start = client.get("/admin/personal-data/")
    assert start.status_code == 200
    assert "Retention runs" in start.content.decode()

    found = client.post("/admin/personal-data/", {"email": person.email})
    assert found.status_code == 200
    assert person.responses[0].reference in found.content.decode()
    assert ModelLogEntry.objects.filter(action="privacy.view_personal_data").exists()

    download = client.post("/admin/personal-data/export/", {"email": person.email})
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    exported = json.loads(download.content)
    assert len(exported["sources"]["responses"]["records"]) == 2
    assert ModelLogEntry.objects.filter(action="privacy.export").exists()

    confirm = client.post("/admin/personal-data/erase/", {"email": person.email})
    assert confirm.status_code == 200
    assert "checked who is asking" in confirm.content.decode()
    unticked = client.post("/admin/personal-data/erase/", {"email": person.email, "confirm": "1"})
    assert unticked.status_code == 400
    assert Response.objects.filter(contact__email__iexact=person.email).exists()

    erased = client.post(
        "/admin/personal-data/erase/",
        {"email": person.email, "confirm": "1", "identity_checked": "on"},
    )
    assert erased.status_code == 200
    # The check looks for every identifier, not only the address (issue #14).
    assert "found none of their identifiers" in erased.content.decode()
    assert scan.find(person.email) == []
    assert list(DataSubjectRequest.objects.values_list("action", flat=True)) == [
        "erase",
        "export",
        "find",
    ]
    # The list of requests shows them by reference, never by address.
    listing = client.get("/admin/personal-data/").content.decode()
    assert DataSubjectRequest.objects.first().reference in listing
    assert person.email.lower() not in listing.lower()


def test_a_bad_email_shows_an_error_and_records_nothing(client, officer):
    response = client.post("/admin/personal-data/", {"email": "not-an-email"})
    assert response.status_code == 400
    assert not DataSubjectRequest.objects.exists()


def test_staff_without_the_permission_cannot_look_people_up(client, person):
    setup_roles()
    analyst = factories.StaffUserFactory(username="analyst")
    analyst.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(analyst)

    assert client.get("/admin/personal-data/").status_code in (302, 403)
    assert client.post("/admin/personal-data/", {"email": person.email}).status_code in (
        302,
        403,
    )
    assert not DataSubjectRequest.objects.exists()


def test_opening_a_panel_member_in_the_admin_is_logged_without_their_name(
    client, person, superuser
):
    client.force_login(superuser)
    url = f"/admin/snippets/citizens_panel/member/edit/{person.member.pk}/"

    assert client.get(url).status_code == 200

    entry = ModelLogEntry.objects.get(action="privacy.view_personal_data")
    assert entry.object_id == str(person.member.pk)
    assert "Priya" not in entry.label
    assert entry.user_id == superuser.pk


def test_after_erasure_log_entries_about_the_person_no_longer_name_them(person, superuser):
    from wagtail.log_actions import log

    log(person.member, "wagtail.edit", user=superuser)  # labelled with her name
    log(person.user, "privacy.role_change", user=superuser, data={"added": ["Partners"]})

    dsr.erase(person.email)

    assert not ModelLogEntry.objects.filter(label__icontains="priya").exists()
    assert ModelLogEntry.objects.filter(action="wagtail.edit").exists()


def test_an_unverified_address_added_to_another_account_does_not_link_it(person):
    from allauth.account.models import EmailAddress

    other = factories.UserFactory(username="other", email="other@example.org")
    EmailAddress.objects.create(user=other, email=person.email, verified=False)

    found = dsr.find(person.email)
    dsr.erase(person.email)

    assert [item.summary for item in found["account"]] == ["priya"]
    assert User.objects.filter(pk=other.pk).exists()
    assert scan.find(person.email) == []
