"""Put back the rows that migrations create, after a flush removed them.

A transactional test (or the end of a module that shares a live demo site) flushes
every table: the root page, root collection, default groups and permissions that
data migrations made are gone, and ``post_migrate`` only brings back content types
and model permissions. ``restore()`` runs each data migration's forward function
again, in migration order, against the current models.
"""

from types import SimpleNamespace

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython


def needs_restoring() -> bool:
    from wagtail.models import Collection, Page

    return Page.get_first_root_node() is None or Collection.get_first_root_node() is None


def restore(alias: str = DEFAULT_DB_ALIAS) -> tuple[int, list[str]]:
    """Run every RunPython forward function again; return how many ran, and what failed.

    Functions written for an older schema may fail against today's models; the
    root page is then made here, as Wagtail's first migration would have.
    """
    connection = connections[alias]
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key not in plan:
                plan.append(key)
    schema_editor = SimpleNamespace(connection=connection)
    ran, failed = 0, []
    for key in plan:
        migration = loader.graph.nodes[key]
        for operation in migration.operations:
            if not isinstance(operation, RunPython) or operation.code is None:
                continue
            try:
                with transaction.atomic(using=alias):
                    operation.code(global_apps, schema_editor)
                ran += 1
            except Exception as error:  # noqa: BLE001 - written for an older schema
                failed.append(f"{key[0]}.{key[1]}: {error!r}")
    _root_page()
    return ran, failed


def _root_page() -> None:
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        english = Locale.get_default() if Locale.objects.exists() else None
        if english is None:
            english = Locale.objects.create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=english))
