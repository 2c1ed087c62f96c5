"""Public pages at /<lang>/your-data/: download or delete your own data (signed in).

Only the account's verified email addresses are used, so adding someone else's
address to an account never reveals their data. What is shown and downloaded is
only what is proven to be the account's (``dsr.export_own``): responses made while
signed in, not responses where someone merely typed the address.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from privacy import dsr, registry
from privacy.forms import DeleteMyDataForm
from privacy.models import DataSubjectRequest


def verified_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    emails = {
        dsr.normalise(e)
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return sorted(emails)


def _summary(user):
    labels = {source.name: source.label for source in registry.sources()}
    return [(labels[name], len(items)) for name, items in dsr.find_own(user).items() if items]


@never_cache
@login_required
def your_data(request):
    emails = verified_emails(request.user)
    return TemplateResponse(
        request,
        "privacy/your_data.html",
        {
            "emails": emails,
            "summary": _summary(request.user),
            "is_staff": request.user.has_admin_access,
        },
    )


@never_cache
@login_required
def download(request):
    data = dsr.export_own(request.user)
    data["request_references"] = [
        dsr.record_export(
            email, user=request.user, data=data, origin=DataSubjectRequest.Origin.SELF
        ).reference
        for email in data["emails"]
    ]
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required
def delete(request):
    user = request.user
    if user.has_admin_access:  # staff accounts record who ran data requests and coding
        return TemplateResponse(request, "privacy/delete_staff.html", status=403)
    form = DeleteMyDataForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        emails = verified_emails(user) or [dsr.normalise(user.email)]
        references = [
            dsr.erase(email, user=user, origin=DataSubjectRequest.Origin.SELF).reference
            for email in emails
        ]
        # The account may already be gone with the panel membership; delete it if not.
        get_user_model().objects.filter(pk=user.pk, is_staff=False, is_superuser=False).delete()
        logout(request)
        return TemplateResponse(request, "privacy/deleted.html", {"references": references})
    return TemplateResponse(
        request,
        "privacy/delete.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
