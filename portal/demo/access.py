"""Who may do what in the admin: groups, page permissions by subtree, and moderation.

* "<Area> editors" add and edit pages only under their own area page (in every
  language), and publish by submitting for moderation: they have no publish
  permission, so they cannot go around the workflow.
* "Communications editors" add, edit and translate every page; they too submit
  for moderation.
* "Engagement leads" approve and publish everywhere.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .areas import PLACES

ENGAGEMENT_LEADS = "Engagement leads"
COMMUNICATIONS_EDITORS = "Communications editors"
WORKFLOW_NAME = "Editor submits, engagement lead approves"
TASK_NAME = "Engagement lead approval"

ADMIN_ACCESS = "wagtailadmin.access_admin"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
LEAD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MEDIA_PERMISSIONS = {
    "editor": [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    "manager": ["wagtailimages.change_image", "wagtaildocs.change_document"],
}
COMMUNICATIONS_MODEL_PERMISSIONS = [
    ADMIN_ACCESS,
    "wagtail_localize.submit_translation",
    "portal.add_topic",
    "portal.change_topic",
]
LEAD_MODEL_PERMISSIONS = [
    *COMMUNICATIONS_MODEL_PERMISSIONS,
    "portal.add_area",
    "portal.change_area",
    "portal.change_portalsettings",
]


def area_editors_group_name(area_name: str) -> str:
    return f"{area_name} editors"


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


def _grant_pages(group, page, codenames) -> int:
    added = 0
    for codename in codenames:
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )
        added += created
    return added


def _grant_media(group, dotted_names) -> None:
    root_collection = Collection.get_first_root_node()
    for dotted in dotted_names:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission(dotted)
        )


def _group(name, model_permissions) -> tuple[Group, bool]:
    group, created = Group.objects.get_or_create(name=name)
    group.permissions.add(*[_permission(dotted) for dotted in model_permissions])
    return group, created


def load_groups(context) -> str:
    root = Page.get_first_root_node()
    groups_created = grants = 0

    leads, created = _group(ENGAGEMENT_LEADS, LEAD_MODEL_PERMISSIONS)
    groups_created += created
    grants += _grant_pages(leads, root, LEAD_PAGE_PERMISSIONS)
    _grant_media(leads, MEDIA_PERMISSIONS["editor"] + MEDIA_PERMISSIONS["manager"])

    communications, created = _group(COMMUNICATIONS_EDITORS, COMMUNICATIONS_MODEL_PERMISSIONS)
    groups_created += created
    grants += _grant_pages(communications, root, EDITOR_PAGE_PERMISSIONS)
    _grant_media(communications, MEDIA_PERMISSIONS["editor"] + MEDIA_PERMISSIONS["manager"])

    for place in PLACES:
        editors, created = _group(area_editors_group_name(place.name), [ADMIN_ACCESS])
        groups_created += created
        _grant_media(editors, MEDIA_PERMISSIONS["editor"])
        area_page = context.pages["areas"][place.slug]
        for page in area_page.get_translations(inclusive=True):
            grants += _grant_pages(editors, page, EDITOR_PAGE_PERMISSIONS)

    from privacy.roles import setup_roles

    roles = setup_roles()  # the other staff roles, with least privilege
    return (
        f"{groups_created} groups created ({ENGAGEMENT_LEADS}, {COMMUNICATIONS_EDITORS}, "
        f"{len(PLACES)} area editor groups); {grants} page permissions granted; "
        f"roles: {len(roles['created'])} more groups, {roles['granted']} permissions"
    )


def load_workflow(context) -> str:
    leads = Group.objects.get(name=ENGAGEMENT_LEADS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    task_created = task is None
    if task_created:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(leads)

    workflow, workflow_created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    assigned = 0
    for home in context.pages["home"].get_translations(inclusive=True):
        _, created = WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
        assigned += created
    state = "created" if workflow_created else "already there"
    return f"workflow {WORKFLOW_NAME!r} {state}; assigned to {assigned} more home pages"
