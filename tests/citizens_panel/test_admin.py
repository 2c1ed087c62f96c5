import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens_panel.models import Invitation, Member, PanelSurveyPage, Sample
from tests.consultations.factories import SuperuserFactory, standard_survey

from .factories import make_members


@pytest.fixture
def admin_client(client, db):
    client.force_login(SuperuserFactory())
    return client


def test_dashboard_shows_each_borough_with_score_and_suppressed_small_numbers(
    admin_client, census, hounslow
):
    make_members(20, area=hounslow, sex="female", age_band="65-74")
    make_members(3, area=hounslow, sex="male", age_band="65-74")
    response = admin_client.get("/admin/citizens-panel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hounslow" in html and "Representativeness score" in html
    assert "fewer than 5" in html
    assert "Open Government Licence" in html


def test_dashboard_needs_permission(client, census):
    from tests.consultations.factories import StaffUserFactory

    staff = StaffUserFactory()
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get("/admin/citizens-panel/")
    # Wagtail turns a refused admin view into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert b"Representativeness score" not in response.content


def test_member_import_is_all_or_nothing_with_a_per_row_report(admin_client, hounslow):
    good = b"name,email,postcode,age_band,sex,consent\nA One,a@example.org,TW3 1AA,16-24,male,yes\n"
    bad = good + b"B Two,not-an-email,XX,16-24,male,yes\n"
    response = admin_client.post(
        "/admin/citizens-panel/import/", {"file": SimpleUploadedFile("m.csv", bad)}
    )
    html = response.content.decode()
    assert "Nothing was imported" in html and "postcode" in html and "email" in html
    assert not Member.objects.exists()
    admin_client.post("/admin/citizens-panel/import/", {"file": SimpleUploadedFile("m.csv", good)})
    member = Member.objects.get()
    assert member.channel == Member.Channel.IMPORT and member.area == hounslow


def test_member_import_reads_excel(admin_client, hounslow, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "postcode", "sex"])
    book.active.append(["C Three", "TW4 1AA", "female"])
    book.active.append(["D Four", "TW5 1AA", ""])
    path = tmp_path / "m.xlsx"
    book.save(path)
    admin_client.post(
        "/admin/citizens-panel/import/",
        {"file": SimpleUploadedFile("m.xlsx", path.read_bytes())},
    )
    # Profile answers without consent are refused, so nothing is imported.
    assert not Member.objects.exists()


def test_members_are_listed_and_filtered_as_snippets(admin_client, hounslow):
    make_members(2, area=hounslow, sex="female", name="Woman")
    make_members(1, area=hounslow, sex="male", name="Man")
    response = admin_client.get("/admin/snippets/citizens_panel/member/?sex=male")
    assert response.status_code == 200
    assert response.content.decode().count("Man") >= 1


def test_staff_preview_then_send_a_stratified_sample(
    admin_client, census, nwl_areas, home_page, django_capture_on_commit_callbacks
):
    page = PanelSurveyPage(title="Panel", slug="panel", intro="x", survey=standard_survey())
    home_page.add_child(instance=page)
    page.save_revision().publish()
    brent = nwl_areas["E09000005"]
    make_members(30, area=brent, sex="female")
    make_members(30, area=brent, sex="male")
    data = {
        "survey": page.pk,
        "method": "stratified",
        "size": 10,
        "characteristics": ["sex"],
        "areas": [brent.pk],
        "seed": 5,
        "reminder_after_days": 7,
        "preview": "1",
    }
    preview = admin_client.post("/admin/citizens-panel/samples/new/", data)
    assert preview.status_code == 200 and "Shortfall" in preview.content.decode()
    assert not Sample.objects.exists()
    data.pop("preview")
    with django_capture_on_commit_callbacks(execute=True):
        sent = admin_client.post("/admin/citizens-panel/samples/new/", {**data, "send": "1"})
    assert sent.status_code == 302
    sample = Sample.objects.get()
    assert Invitation.objects.filter(sample=sample, sent_at__isnull=False).count() == 10
    page_html = admin_client.get(sent["Location"]).content.decode()
    assert "0 of 10" in page_html
