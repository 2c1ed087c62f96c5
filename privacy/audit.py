"""Audit log actions of the privacy app (Wagtail log entries) and who changed roles.

Actions: viewing a person's data (their record, or a staff list they are in),
exporting it (also as a row of a staff download), erasing it, a retention run, and
a change of someone's groups (roles). Entries never hold an email address: a
data subject request is logged under its reference.
"""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    (
        "privacy.view_personal_data",
        _("View personal data"),
        _("Viewed what we hold about a person"),
    ),
    ("privacy.export", _("Export personal data"), _("Exported a person's data")),
    ("privacy.erase", _("Erase personal data"), _("Erased a person's data")),
    ("privacy.retention", _("Retention run"), _("Anonymised data past its retention period")),
    ("privacy.role_change", _("Change roles"), _("Changed groups (roles)")),
]


def neutral_label(instance) -> str:
    """A log label that names the kind of record, never the person."""
    return f"{instance._meta.verbose_name} {instance.pk}"


def log_viewed(instance, user) -> None:
    from wagtail.log_actions import log

    log(instance, "privacy.view_personal_data", user=user, title=neutral_label(instance))


def log_listed(instances, user, *, where: str, action="privacy.view_personal_data") -> int:
    """One entry per person shown in a staff list (or, with ``privacy.export``, in a
    download), so the log can say who saw whose details, and where; how many."""
    from wagtail.log_actions import log

    count = 0
    for instance in instances:
        log(instance, action, user=user, title=neutral_label(instance), data={"in": where})
        count += 1
    return count


def forget_in_logs(instance) -> int:
    """Log entries about ``instance`` keep their action and time; their label loses the name."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).update(label=neutral_label(instance))


def register(actions) -> None:
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)


def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Log who was added to or removed from which group (m2m_changed on user.groups)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.log_actions import log

    if action == "pre_clear":
        # Remember what is about to go, for the post_clear entry.
        if reverse:
            instance._privacy_cleared = list(instance.user_set.values_list("pk", flat=True))
        else:
            instance._privacy_cleared = list(instance.groups.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = set(getattr(instance, "_privacy_cleared", []))
    if not pk_set:
        return
    verb = "added" if action == "post_add" else "removed"
    User = get_user_model()
    if reverse:  # group.user_set.add(users)
        pairs = [(user, [instance.name]) for user in User.objects.filter(pk__in=pk_set)]
    else:
        names = sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        pairs = [(instance, names)]
    for user, names in pairs:
        log(user, "privacy.role_change", data={verb: names})
