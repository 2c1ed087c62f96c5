"""Who may do what in the admin: groups, page permissions by subtree, and moderation.

* "<Area> editors" add and edit pages only under their own area page (in every
  language), and publish by submitting for moderation: they have no publish
  permission, so they cannot go around the workflow.
* "Communications editors" add, edit and translate every page; they too submit
  for moderation.
* "Engagement leads" approve and publish everywhere.

The groups and their permissions are the staff roles of ``privacy.roles`` (one
place for who may do what, also behind ``manage.py setup_roles``); this step
creates them, and the next puts the workflow on every home page.
"""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from privacy.roles import ENGAGEMENT_LEADS, setup_roles

WORKFLOW_NAME = "Editor submits, engagement lead approves"
TASK_NAME = "Engagement lead approval"


def load_groups(context) -> str:
    roles = setup_roles()
    return (
        f"{len(roles['created'])} groups created (the staff roles and one editors group "
        f"per borough); {roles['granted']} permissions granted"
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
