"""Staff roles as Django groups, with the least privilege each needs.

``setup_roles()`` (``manage.py setup_roles``, also run by ``load_demo_content``)
creates the groups and grants each permission that exists; permissions of apps
whose models are not there yet are skipped and granted by a later run. It never
takes a permission away, so grants made by hand in the admin survive.

Wagtail's first migration makes "Editors" and "Moderators" groups that can edit
(and, for moderators, publish) every page, beside the roles here. While nobody is in
them, ``setup_roles()`` deletes them, so nobody is later put in a group wider than
any role; approval tasks that named "Moderators" name "Engagement leads" instead. A
default group someone has been put in is left alone.

The matrix in ``MATRIX`` is what the README shows and what the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

ADMIN_ACCESS = "wagtailadmin.access_admin"

COMMUNICATIONS_EDITORS = "Communications editors"
ENGAGEMENT_LEADS = "Engagement leads"
ANALYSTS = "Analysts"
MODERATORS = "Comment moderators"  # Wagtail ships a "Moderators" group that publishes pages
PANEL_ADMINISTRATORS = "Panel administrators"
GOVERNING_BODY_READERS = "Governing body readers"
DATA_PROTECTION = "Data protection officers"
PARTNER_ORGANISATIONS = "Partner organisations"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
LEAD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MEDIA_EDITOR = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
MEDIA_MANAGER = [*MEDIA_EDITOR, "wagtailimages.change_image", "wagtaildocs.change_document"]

# --- what each capability needs (codenames; apps may not have all models yet) ---------
RESULTS = ["consultations.view_results"]
OFFLINE_ENTRY = ["consultations.add_response"]
CORRECT_RESPONSES = ["consultations.change_response"]  # correct an answer, withdraw
EXPLORER = ["portal_search.explore_feedback"]
RESPONDENT_PERSONAL_DATA = [
    "consultations.view_personal_data",
    "consultations.view_equality_data",
    "consultations.view_responsecontact",
    "consultations.view_equalitymonitoring",
]
MODERATION = ["consultations.moderate_draftcomment"]
CODING = [
    "themes.view_themeframe",
    "themes.add_themeframe",
    "themes.change_themeframe",
    "themes.view_theme",
    "themes.add_theme",
    "themes.change_theme",
    "themes.delete_theme",
    "themes.view_coding",
    "themes.add_coding",
    "themes.change_coding",
    "themes.delete_coding",
    "themes.view_suggestionrun",
    "themes.add_suggestionrun",
    "themes.view_suggestedtheme",
    "themes.change_suggestedtheme",
]
REPORTS_READ = ["reports.view_feedbackreport"]
REPORTS_WRITE = ["reports.build_feedbackreport"]
REPORTS_SIGN_OFF = ["reports.sign_off"]
SETTLE_CODING = ["themes.settle_disagreement"]
PANEL_MEMBERS = [
    "citizens_panel.view_member",
    "citizens_panel.add_member",
    "citizens_panel.change_member",
    "citizens_panel.delete_member",
]
PANEL_INSIGHT = ["citizens_panel.view_representativeness"]
PANEL_SAMPLING = [
    "citizens_panel.view_sample",
    "citizens_panel.add_sample",
    "citizens_panel.change_sample",
    "citizens_panel.view_invitation",
    "citizens_panel.view_populationbenchmark",
    "citizens_panel.add_populationbenchmark",
    "citizens_panel.change_populationbenchmark",
]
EVENT_SIGNUPS = [
    "events.view_eventsignup",
    "events.add_eventsignup",
    "events.change_eventsignup",
    "events.view_eventinvitation",
    "events.add_eventinvitation",
    "events.view_eventmessage",
    "events.add_eventmessage",
]
DATA_REQUESTS = [
    "privacy.manage_data_requests",
    "privacy.view_datasubjectrequest",
    "privacy.view_retentionrun",
    "privacy.view_consentrecord",
]
COMMUNICATIONS = [
    ADMIN_ACCESS,
    "wagtail_localize.submit_translation",
    "portal.add_topic",
    "portal.change_topic",
]
SITE_SETTINGS = ["portal.add_area", "portal.change_area", "portal.change_portalsettings"]


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple[str, ...]
    page_permissions: tuple[str, ...] = ()  # on the whole tree
    media: tuple[str, ...] = ()


ROLES = [
    Role(
        COMMUNICATIONS_EDITORS,
        _("Edit and translate every page; submit for approval. No responses."),
        tuple(COMMUNICATIONS),
        tuple(EDITOR_PAGE_PERMISSIONS),
        tuple(MEDIA_MANAGER),
    ),
    Role(
        ENGAGEMENT_LEADS,
        _(
            "Approve and publish; results, feedback explorer, respondents' contact details, "
            "moderation, coding, reports and their sign-off."
        ),
        tuple(
            COMMUNICATIONS
            + SITE_SETTINGS
            + RESULTS
            + OFFLINE_ENTRY
            + CORRECT_RESPONSES
            + EXPLORER
            + RESPONDENT_PERSONAL_DATA
            + MODERATION
            + CODING
            + REPORTS_READ
            + REPORTS_WRITE
            + REPORTS_SIGN_OFF
            + SETTLE_CODING
            + PANEL_INSIGHT
        ),
        tuple(LEAD_PAGE_PERMISSIONS),
        tuple(MEDIA_MANAGER),
    ),
    Role(
        ANALYSTS,
        _("Results, feedback explorer, coding and draft reports; no personal data."),
        tuple(
            [ADMIN_ACCESS]
            + RESULTS
            + OFFLINE_ENTRY
            + EXPLORER
            + CODING
            + REPORTS_READ
            + REPORTS_WRITE
        ),
    ),
    Role(
        MODERATORS,
        _("Moderate comments on policy drafts, nothing else."),
        tuple([ADMIN_ACCESS] + MODERATION),
    ),
    Role(
        PANEL_ADMINISTRATORS,
        _("Panel members and their details, samples, invitations, event sign-ups."),
        tuple([ADMIN_ACCESS] + PANEL_MEMBERS + PANEL_INSIGHT + PANEL_SAMPLING + EVENT_SIGNUPS),
    ),
    Role(
        GOVERNING_BODY_READERS,
        _("Read signed-off feedback reports; no responses, no personal data."),
        tuple([ADMIN_ACCESS] + REPORTS_READ),
    ),
    Role(
        DATA_PROTECTION,
        _("Data subject requests (find, export, erase), consent and retention records."),
        tuple([ADMIN_ACCESS] + DATA_REQUESTS + RESPONDENT_PERSONAL_DATA),
    ),
    Role(
        PARTNER_ORGANISATIONS,
        _("People from partner organisations: public side only, no admin."),
        (),
    ),
]
ROLE_NAMES = [role.name for role in ROLES]


def area_editors_group_name(area_name: str) -> str:
    return f"{area_name} editors"


def _permissions(dotted_names) -> tuple[list[Permission], list[str]]:
    found, missing = [], []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        (found.append(permission) if permission else missing.append(dotted))
    return found, missing


def _grant_pages(group, pages, codenames) -> int:
    from wagtail.models import GroupPagePermission, Page

    page_type = ContentType.objects.get_for_model(Page)
    added = 0
    for page in pages:
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_type, codename=codename)
            _, created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            added += created
    return added


def _grant_media(group, dotted_names) -> None:
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    permissions, _missing = _permissions(dotted_names)
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def setup_roles() -> dict:
    """Create the role groups and grant what exists; returns what was done."""
    from wagtail.models import Page

    from portal.models import AreaPage

    root = Page.get_first_root_node()
    created, missing, granted = [], set(), 0
    for role in ROLES:
        group, was_created = Group.objects.get_or_create(name=role.name)
        if was_created:
            created.append(role.name)
        permissions, not_there = _permissions(role.permissions)
        missing.update(not_there)
        before = group.permissions.count()
        group.permissions.add(*permissions)
        granted += group.permissions.count() - before
        if role.page_permissions and root is not None:
            granted += _grant_pages(group, [root], role.page_permissions)
        if role.media:
            _grant_media(group, role.media)

    # One editors group per borough: pages under their own area page, in every language.
    for area_page in AreaPage.objects.filter(area__isnull=False).select_related("area"):
        name = area_editors_group_name(area_page.area.name)
        group, was_created = Group.objects.get_or_create(name=name)
        if was_created:
            created.append(name)
        group.permissions.add(*_permissions([ADMIN_ACCESS])[0])
        _grant_media(group, MEDIA_EDITOR)
        granted += _grant_pages(group, [area_page], EDITOR_PAGE_PERMISSIONS)
    retired = retire_wagtail_default_groups()
    return {
        "created": created,
        "granted": granted,
        "missing": sorted(missing),
        "retired": retired,
    }


WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def retire_wagtail_default_groups() -> list[str]:
    """Delete Wagtail's default "Editors" and "Moderators" groups while they are
    empty; returns the names deleted."""
    from wagtail.models import GroupApprovalTask

    retired = []
    leads = Group.objects.filter(name=ENGAGEMENT_LEADS).first()
    for name in WAGTAIL_DEFAULT_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None or group.user_set.exists():
            continue
        if leads is not None:
            for task in GroupApprovalTask.objects.filter(groups=group):
                task.groups.add(leads)
        group.delete()
        retired.append(name)
    return retired


# --- the matrix the README shows -----------------------------------------------------
CAPABILITIES = [
    (_("Use the Wagtail admin"), [ADMIN_ACCESS]),
    (_("Edit pages (all / own borough)"), ["wagtailcore.change_page"]),
    (_("Publish pages"), ["wagtailcore.publish_page"]),
    (_("Consultation results"), RESULTS),
    (_("Enter paper / phone responses"), OFFLINE_ENTRY),
    (_("Correct or withdraw a response"), CORRECT_RESPONSES),
    (_("Feedback explorer (search, export free text)"), EXPLORER),
    (_("Respondents' contact details and equality answers"), RESPONDENT_PERSONAL_DATA[:2]),
    (_("Moderate draft comments"), MODERATION),
    (_("Code free text against themes"), ["themes.add_coding"]),
    (_("Read feedback reports"), REPORTS_READ),
    (_("Write feedback reports"), REPORTS_WRITE[:1]),
    (_("Sign off feedback reports"), REPORTS_SIGN_OFF),
    (_("Panel members' personal data"), ["citizens_panel.view_member"]),
    (_("Panel representativeness"), PANEL_INSIGHT),
    (_("Panel samples and invitations"), ["citizens_panel.add_sample"]),
    (_("Event sign-ups"), ["events.view_eventsignup"]),
    (_("Data subject requests, retention records"), ["privacy.manage_data_requests"]),
    (_("Site settings, areas"), ["portal.change_portalsettings"]),
]


def role_has(role: Role, needed: list[str]) -> bool:
    granted = set(role.permissions)
    for dotted in needed:
        if dotted.startswith("wagtailcore.") and dotted.endswith("_page"):
            codename = dotted.split(".")[1]
            if codename in role.page_permissions:
                return True
        elif dotted in granted:
            return True
    return False


def borough_editors_have(needed: list[str]) -> str:
    if needed == [ADMIN_ACCESS]:
        return "yes"
    if needed == ["wagtailcore.change_page"]:
        return "own borough"
    return "–"


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table (for the README)."""
    lines = [
        "| " + " | ".join(["", *[r.name for r in ROLES], "<Borough> editors"]) + " |",
        "|" + "---|" * (len(ROLES) + 2),
    ]
    for label, needed in CAPABILITIES:
        cells = ["yes" if role_has(role, needed) else "–" for role in ROLES]
        lines.append("| " + " | ".join([str(label), *cells, borough_editors_have(needed)]) + " |")
    return "\n".join(lines)
