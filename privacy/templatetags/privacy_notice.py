"""``{% how_we_use_your_information "<purpose>" %}``: privacy information where data is collected.

Every form that collects personal data shows the same short block (what we collect,
why, how long we keep it, a link to the full privacy notice) from one template,
``privacy/includes/how_we_use.html``. The periods come from the retention settings
the retention job uses (``privacy.retention``), never from fixed text.
"""

from __future__ import annotations

from django import template

register = template.Library()

PURPOSES = ("survey", "save", "comment", "event", "panel", "panel_member", "your_data", "account")
# Survey questions that ask for personal data (a step without one shows no block).
PERSONAL_QUESTION_TYPES = {"postcode", "about_you"}


def privacy_notice_url(request) -> str:
    """The privacy notice page chosen in the portal settings, in the visitor's language."""
    from portal.models import PortalSettings

    if request is None:
        return ""
    try:
        page = PortalSettings.for_request(request).privacy_notice_page
    except Exception:  # noqa: BLE001 - no site for this host: no link rather than an error
        return ""
    if page is None or not page.live:
        return ""
    return page.localized.get_url(request=request) or ""


@register.inclusion_tag("privacy/includes/how_we_use.html", takes_context=True)
def how_we_use_your_information(context, purpose, page=None, questions=None):
    """``questions``: a survey step's ``form.items``; shown only if one asks personal data."""
    from citizens_panel.membership import unconfirmed_days
    from privacy.retention import site_default_months

    if purpose not in PURPOSES:
        raise template.TemplateSyntaxError(f"Unknown privacy purpose {purpose!r}")
    if questions is not None and not any(
        question.type in PERSONAL_QUESTION_TYPES for question, _name in questions
    ):
        return {"purpose": None}
    request = context.get("request")
    months = getattr(page, "retention_months", None) or site_default_months()
    return {
        "purpose": purpose,
        "months": months,
        "panel_unconfirmed_days": unconfirmed_days(),
        "privacy_notice_url": privacy_notice_url(request),
    }
