"""Signal handlers: consent records on submission, new consultations' retention default."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_init


def record_consent(sender, instance, raw=False, **kwargs):
    """Keep the wording of each consent box ticked, in the language shown, with the time."""
    from consultations.models import Response

    if raw or instance.status != Response.Status.SUBMITTED:
        return
    from privacy import consent

    consent.record_for_response(instance)


def retention_default(sender, args, kwargs, **extra):
    """A new consultation starts with the site's retention period (site settings)."""
    if args or "retention_months" in kwargs or "id" in kwargs or "pk" in kwargs:
        return
    from django.db import DatabaseError

    from privacy.retention import site_default_months

    try:
        kwargs["retention_months"] = site_default_months()
    except DatabaseError:  # no tables yet (migrations) – keep the field's default
        pass


def partner_group(sender, instance, raw=False, update_fields=None, **kwargs):
    """People linked to a partner organisation are in the "Partner organisations" group."""
    if raw or (update_fields is not None and "organisation" not in update_fields):
        return
    if kwargs.get("created") and not instance.organisation_id:
        return
    from django.contrib.auth.models import Group

    from privacy.roles import PARTNER_ORGANISATIONS

    group = Group.objects.filter(name=PARTNER_ORGANISATIONS).first()
    if group is None:
        return
    if instance.organisation_id:
        instance.groups.add(group)
    elif instance.groups.filter(pk=group.pk).exists():
        instance.groups.remove(group)


def connect():
    from django.apps import apps

    from consultations.models import Response, SurveyPage
    from privacy import audit

    post_save.connect(record_consent, sender=Response, dispatch_uid="privacy-consent")
    for model in [m for m in apps.get_models() if issubclass(m, SurveyPage)]:
        pre_init.connect(
            retention_default, sender=model, dispatch_uid=f"privacy-retention-{model.__name__}"
        )
    post_save.connect(partner_group, sender=get_user_model(), dispatch_uid="privacy-partners")
    m2m_changed.connect(
        audit.groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="privacy-role-change",
    )
