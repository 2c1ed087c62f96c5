"""Look for a string in every text column of every table: the erasure check.

Reads each concrete model Django knows (``django.apps``), and every column that
holds text — CharField, TextField, EmailField, SlugField, JSONField and Wagtail's
StreamField (cast to text) — and counts rows containing the value, ignoring
case. Used after an erasure to prove the email address is gone, and by the
tests. It reads every table, so it is for the rare erasure, not for a page view.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _is_text(field) -> bool:
    if not getattr(field, "concrete", False) or field.is_relation:
        return False
    if isinstance(field, TEXT_FIELDS):
        return True
    from wagtail.fields import StreamField

    return isinstance(field, StreamField)


def text_columns():
    """(model, field) for every text column of every table that exists."""
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        for field in meta.local_concrete_fields:
            if _is_text(field):
                yield model, field


def _matching(model, field, value):
    queryset = model._base_manager.all()
    if isinstance(field, models.CharField | models.TextField):
        return queryset.filter(**{f"{field.attname}__icontains": value})
    return queryset.annotate(_privacy_text=Cast(field.attname, models.TextField())).filter(
        _privacy_text__icontains=value
    )


def rows(value: str) -> dict[str, set]:
    """{model label: primary keys of its rows holding ``value``} (every table)."""
    found: dict[str, set] = {}
    for model, field in text_columns():
        pks = set(_matching(model, field, value).values_list("pk", flat=True))
        if pks:
            found.setdefault(model._meta.label, set()).update(pks)
    return found


def find(value: str) -> list[dict]:
    """Where ``value`` occurs: [{"table", "column", "model", "rows"}], empty when nowhere."""
    found = []
    if not value:
        return found
    for model, field in text_columns():
        count = _matching(model, field, value).count()
        if count:
            found.append(
                {
                    "table": model._meta.db_table,
                    "column": field.column,
                    "model": model._meta.label,
                    "rows": count,
                }
            )
    return found
