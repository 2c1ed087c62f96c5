"""Staff pages drawn on Wagtail's generic admin layout by plain function views.

Wagtail's ``wagtailadmin/generic/base.html`` uses ``header_title`` for the browser
tab and ``page_title`` for the page's <h1>; a view that sets only the first leaves
the page without a heading. ``admin_page`` sets both from one title.
"""

from django.template.response import TemplateResponse


def admin_page(request, template: str, context: dict) -> TemplateResponse:
    title = context.get("header_title")
    return TemplateResponse(request, template, {"page_title": title, **context})
