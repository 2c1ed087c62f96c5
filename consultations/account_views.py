"""Signed-in people: the responses they (and their partner organisation) have made."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from consultations.models import Response
from consultations.services import resume_token


def _rows(request, responses):
    rows = []
    for response in responses.select_related("consultation"):
        page = response.consultation.specific
        page = getattr(page, "localized", page)
        can_change = getattr(page, "is_open", False)
        rows.append(
            {
                "response": response,
                "page": page,
                "link": (
                    f"{page.get_url(request=request)}resume/{resume_token(response)}/"
                    if can_change
                    else None
                ),
            }
        )
    return rows


@never_cache
@login_required
def your_responses(request):
    hidden = [Response.Status.WITHDRAWN, Response.Status.ANONYMISED]
    own = Response.objects.filter(user=request.user).exclude(status__in=hidden)
    organisation = request.user.organisation
    organisation_rows = []
    if organisation is not None:
        shared = (
            Response.objects.submitted()
            .filter(user__organisation=organisation)
            .exclude(user=request.user)
        )
        organisation_rows = [
            {**row, "link": None} for row in _rows(request, shared.order_by("-submitted_at"))
        ]
    return TemplateResponse(
        request,
        "consultations/account/your_responses.html",
        {
            "drafts": _rows(request, own.filter(status=Response.Status.DRAFT)),
            "submitted": _rows(request, own.submitted().order_by("-submitted_at")),
            "organisation": organisation,
            "organisation_rows": organisation_rows,
        },
    )
