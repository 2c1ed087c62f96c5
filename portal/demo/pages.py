"""The default site, its English home page, standard pages and one page per area."""

from wagtail.models import Page, Site

from portal.models import AreaPage, HomePage, PortalSettings, StandardPage

from .areas import PLACES
from .prose import en

SITE_NAME = "NHS North West London: have your say"
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
HOME_SLUG = "home"


def stream(blocks) -> list[dict]:
    """Turn ``(block, text)`` pairs from ``prose`` into StreamField data."""
    data = []
    for block_type, text in blocks:
        if block_type == "heading":
            data.append({"type": "heading", "value": {"text": text, "level": "h2"}})
        elif block_type == "paragraph":
            data.append({"type": "paragraph", "value": f"<p>{text}</p>"})
        elif block_type == "inset_text":
            data.append({"type": "inset_text", "value": {"body": f"<p>{text}</p>"}})
        elif block_type == "list":
            items = "".join(f"<li>{item}</li>" for item in text)
            data.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        else:
            raise ValueError(f"Unknown demo block type {block_type!r}")
    return data


def _child(parent, model, *, slug, **fields):
    """Return ``(page, created)``: the child of ``parent`` with this slug, or a new one."""
    existing = parent.get_children().filter(slug=slug, locale=parent.locale).first()
    if existing is not None:
        return existing.specific, False
    page = parent.add_child(instance=model(slug=slug, locale=parent.locale, **fields))
    page.save_revision().publish()
    return page, True


def _placeholder_pages(root):
    """Wagtail's own "Welcome to your new Wagtail site!" page(s) left by its migrations."""
    return [page for page in root.get_children() if page.specific_class is Page]


def _home_page(context):
    root = Page.get_first_root_node()
    english = context.locales["en"]
    home = HomePage.objects.child_of(root).filter(locale=english).first()
    if home is not None:
        return home, False, 0
    removed = 0
    for placeholder in _placeholder_pages(root):
        if placeholder.get_children_count() == 0:
            # Its Site row goes with it; the default site is recreated below.
            placeholder.delete()
            removed += 1
    home = root.add_child(
        instance=HomePage(
            title=en.HOME["title"],
            slug=HOME_SLUG,
            locale=english,
            intro=en.HOME["intro"],
            body=stream(en.HOME["body"]),
        )
    )
    home.save_revision().publish()
    return home, True, removed


def _default_site(home) -> bool:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.filter(hostname=SITE_HOSTNAME, port=SITE_PORT).first() or Site(
            hostname=SITE_HOSTNAME, port=SITE_PORT
        )
        site.is_default_site = True
    elif site.root_page_id == home.pk:
        return False
    site.root_page = home
    site.site_name = SITE_NAME
    site.save()
    return True


def _portal_settings(site, privacy, accessibility) -> bool:
    """Fill in any empty portal setting; leave what an administrator has set alone."""
    portal_settings = PortalSettings.for_site(site)
    wanted = {
        "organisation_name": "NHS North West London",
        "organisation_descriptor": "Integrated Care Board",
        "contact_email": "engagement@example.nhs.uk",
        "privacy_notice_page_id": privacy.pk,
        "accessibility_statement_page_id": accessibility.pk,
    }
    changed = False
    for name, value in wanted.items():
        if not getattr(portal_settings, name):
            setattr(portal_settings, name, value)
            changed = True
    if changed:
        portal_settings.save()
    return changed


def load(context) -> str:
    lines = []
    home, created, removed = _home_page(context)
    context.pages["home"] = home
    if removed:
        lines.append("removed Wagtail's placeholder welcome page")
    lines.append(f"home page {'created' if created else 'already there'}")

    site_changed = _default_site(home)
    lines.append("default site points at it" if site_changed else "default site already set")

    created_pages = []
    for key, prose in (
        ("about", en.ABOUT),
        ("privacy", en.PRIVACY),
        ("accessibility", en.ACCESSIBILITY),
    ):
        page, was_created = _child(
            home,
            StandardPage,
            slug=prose["slug"],
            title=prose["title"],
            intro=prose["intro"],
            body=stream(prose["body"]),
        )
        context.pages[key] = page
        if was_created:
            created_pages.append(prose["title"])

    area_pages_created = 0
    context.pages["areas"] = {}
    for place in PLACES:
        page, was_created = _child(
            home,
            AreaPage,
            slug=place.slug,
            title=place.name,
            intro=en.area_intro(place.short_name),
            area=context.areas[place.slug],
        )
        context.pages["areas"][place.slug] = page
        area_pages_created += was_created

    site = Site.objects.get(is_default_site=True)
    settings_changed = _portal_settings(
        site, context.pages["privacy"], context.pages["accessibility"]
    )

    lines.append(f"standard pages created: {', '.join(created_pages) or 'none (already there)'}")
    lines.append(
        f"{area_pages_created} area pages created, {len(PLACES) - area_pages_created} already there"
    )
    lines.append("portal settings filled in" if settings_changed else "portal settings already set")
    return "; ".join(lines)
