"""Roles: least-privilege groups, and the cells of the permission matrix that matter."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, ModelLogEntry

from portal.models import AreaPage
from privacy import roles
from tests.consultations import factories

pytestmark = pytest.mark.django_db

EXPLORER = "/admin/feedback-explorer/"
RESULTS = "/admin/consultation-results/"
MODERATION = "/admin/draft-comments/"
PANEL_MEMBERS = "/admin/snippets/citizens_panel/member/"
DATA_REQUESTS = "/admin/personal-data/"
REPORTS = "/admin/feedback-reports/"
THEMES = "/admin/themes/"


@pytest.fixture
def member_of(client, home_page):
    roles.setup_roles()

    def sign_in(group_name):
        user = factories.StaffUserFactory()
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return sign_in


def can_open(client, url) -> bool:
    response = client.get(url)
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    return response.status_code == 200


def test_setup_roles_creates_every_group_and_can_run_again(home_page):
    out = StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)

    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names
    assert Group.objects.filter(name=roles.ANALYSTS).count() == 1
    assert "0 groups created, 0 permissions granted." in out.getvalue()


def test_wagtails_wide_default_groups_are_removed_while_nobody_is_in_them(home_page):
    from wagtail.models import GroupApprovalTask

    moderators = Group.objects.get_or_create(name="Moderators")[0]
    Group.objects.get_or_create(name="Editors")
    task = GroupApprovalTask.objects.create(name="Moderators approval (test)")
    task.groups.add(moderators)
    out = StringIO()

    call_command("setup_roles", stdout=out)

    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert "Removed Wagtail's empty default groups: Editors, Moderators" in out.getvalue()
    assert list(task.groups.values_list("name", flat=True)) == [roles.ENGAGEMENT_LEADS]


def test_a_default_group_someone_is_in_is_left_alone(home_page):
    editors = Group.objects.get_or_create(name="Editors")[0]
    factories.StaffUserFactory().groups.add(editors)

    roles.setup_roles()

    assert Group.objects.filter(name="Editors").exists()


def test_every_staff_role_reaches_the_admin_and_partners_do_not(home_page):
    roles.setup_roles()
    for role in roles.ROLES:
        user = factories.UserFactory()
        user.groups.add(Group.objects.get(name=role.name))
        assert user.has_perm("wagtailadmin.access_admin") is (
            role.name != roles.PARTNER_ORGANISATIONS
        ), role.name


def test_governing_body_readers_open_reports_but_no_feedback_or_personal_data(client, member_of):
    member_of(roles.GOVERNING_BODY_READERS)

    assert can_open(client, REPORTS)
    assert not can_open(client, EXPLORER)
    assert not can_open(client, RESULTS)
    assert not can_open(client, DATA_REQUESTS)
    assert not can_open(client, PANEL_MEMBERS)
    assert not can_open(client, MODERATION)


def test_governing_body_readers_cannot_see_respondents_contact_details(member_of):
    user = member_of(roles.GOVERNING_BODY_READERS)
    assert not user.has_perm("consultations.view_personal_data")
    assert not user.has_perm("consultations.view_equality_data")
    assert not user.has_perm("reports.sign_off")


def test_analysts_open_the_explorer_and_themes_but_not_panel_members(client, member_of):
    user = member_of(roles.ANALYSTS)

    assert can_open(client, EXPLORER)
    assert can_open(client, RESULTS)
    assert can_open(client, THEMES)
    assert not can_open(client, PANEL_MEMBERS)
    assert not can_open(client, DATA_REQUESTS)
    assert not user.has_perm("consultations.view_personal_data")
    assert not user.has_perm("reports.sign_off")
    assert user.has_perm("reports.build_feedbackreport")


def test_moderators_moderate_comments_and_nothing_else(client, member_of):
    user = member_of(roles.MODERATORS)
    assert not GroupPagePermission.objects.filter(group__user=user).exists()

    assert can_open(client, MODERATION)
    for url in (EXPLORER, RESULTS, PANEL_MEMBERS, DATA_REQUESTS, REPORTS, THEMES):
        assert not can_open(client, url), url


def test_panel_administrators_manage_members_but_not_feedback(client, member_of):
    member_of(roles.PANEL_ADMINISTRATORS)

    assert can_open(client, PANEL_MEMBERS)
    assert not can_open(client, EXPLORER)
    assert not can_open(client, DATA_REQUESTS)


def test_engagement_leads_see_contact_details_and_sign_off_reports(client, member_of):
    user = member_of(roles.ENGAGEMENT_LEADS)

    assert user.has_perm("consultations.view_personal_data")
    assert user.has_perm("reports.sign_off")
    assert can_open(client, EXPLORER)
    assert can_open(client, MODERATION)
    assert not can_open(client, PANEL_MEMBERS)
    assert not can_open(client, DATA_REQUESTS)


def test_communications_editors_edit_pages_but_see_no_responses(client, member_of):
    member_of(roles.COMMUNICATIONS_EDITORS)

    assert can_open(client, "/admin/pages/")
    for url in (EXPLORER, RESULTS, MODERATION, PANEL_MEMBERS, DATA_REQUESTS):
        assert not can_open(client, url), url


def test_data_protection_officers_handle_requests_only(client, member_of):
    member_of(roles.DATA_PROTECTION)

    assert can_open(client, DATA_REQUESTS)
    assert not can_open(client, EXPLORER)
    assert not can_open(client, PANEL_MEMBERS)


def test_each_borough_gets_an_editors_group_for_its_own_area_page(home_page):
    area = factories.AreaFactory(name="Harrow", slug="harrow")
    page = home_page.add_child(instance=AreaPage(title="Harrow", slug="harrow", area=area))

    roles.setup_roles()

    group = Group.objects.get(name="Harrow editors")
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True)
    ) == {page.pk}


def test_adding_and_removing_a_role_is_audit_logged(home_page):
    roles.setup_roles()
    user = factories.StaffUserFactory()
    analysts = Group.objects.get(name=roles.ANALYSTS)

    user.groups.add(analysts)
    user.groups.remove(analysts)
    analysts.user_set.add(user)

    entries = ModelLogEntry.objects.filter(action="privacy.role_change", object_id=str(user.pk))
    assert [e.data for e in entries.order_by("timestamp", "pk")] == [
        {"added": [roles.ANALYSTS]},
        {"removed": [roles.ANALYSTS]},
        {"added": [roles.ANALYSTS]},
    ]


def test_the_permission_matrix_prints_as_markdown(home_page):
    out = StringIO()
    call_command("setup_roles", "--matrix", stdout=out)
    table = out.getvalue()
    assert table.startswith("| ")
    governing_row = next(line for line in table.splitlines() if "Read feedback reports" in line)
    assert governing_row.count("yes") >= 3


def test_people_linked_to_a_partner_organisation_join_the_partner_group(home_page):
    from portal.models import PartnerOrganisation

    roles.setup_roles()
    healthwatch = PartnerOrganisation.objects.create(name="Healthwatch Harrow")
    person = factories.UserFactory()
    partners = Group.objects.get(name=roles.PARTNER_ORGANISATIONS)

    person.organisation = healthwatch
    person.save()
    assert partners in person.groups.all()
    assert not person.has_perm("wagtailadmin.access_admin")

    person.organisation = None
    person.save()
    assert partners not in person.groups.all()
