"""Import panel members recruited offline from a CSV or Excel file: every row, or none.

The first row names the columns: ``name``, ``email``, ``phone``, ``postcode`` and
any of the profile columns (``age_band``, ``sex``, ``gender_identity``,
``ethnic_group``, ``disability``, ``long_term_condition``, ``carer``,
``main_language``, ``religion``, ``sexual_orientation``) holding category keys,
``ways_to_take_part`` (keys separated by ";"), ``access_needs`` and ``consent``
("yes" when the person signed the consent wording on paper).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens_panel import choices
from citizens_panel.forms import PROFILE_QUESTIONS
from citizens_panel.models import Member
from consultations import postcodes
from consultations.imports import UnreadableFile, cell_text, read_table

COLUMNS = ["name", "email", "phone", "postcode", *PROFILE_QUESTIONS, "ways_to_take_part"]
OPTIONAL = ["access_needs", "consent"]
MAX_ROWS = 20_000
__all__ = ["COLUMNS", "OPTIONAL", "UnreadableFile", "import_members", "read_rows"]


class MemberRowForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "email", "phone", "postcode", *PROFILE_QUESTIONS, "access_needs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["postcode"].required = True

    def clean_postcode(self):
        value = postcodes.normalise(self.cleaned_data.get("postcode", ""))
        if value is None:
            raise forms.ValidationError(_("not a UK postcode"))
        return value


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)


def read_rows(upload) -> list[dict[str, str]]:
    """{column: cell text} for each row under the header, blank rows left out.

    Read by the offline-response import's reader, so a file it cannot read (a damaged
    workbook, a cell over the CSV field limit) raises ``UnreadableFile`` with the
    same message.
    """
    headers, body = read_table(upload, getattr(upload, "name", "") or "")
    header = [h.strip().lower() for h in headers]
    return [
        dict(zip(header, [cell_text(cell) for cell in cells], strict=False))
        for _number, cells in body
    ]


def import_members(rows: list[dict[str, str]], *, entered_by=None) -> ImportResult:
    result = ImportResult()
    if len(rows) > MAX_ROWS:
        result.errors.append((0, "", _("Too many rows (at most %(n)s)") % {"n": MAX_ROWS}))
        return result
    known = set(COLUMNS) | set(OPTIONAL)
    if rows:
        for column in sorted(set(rows[0]) - known):
            result.errors.append((1, column, _("unknown column")))
    ways_keys = {key for key, _label in choices.WAYS_TO_TAKE_PART}
    members = []
    now = timezone.now()
    for number, row in enumerate(rows, start=2):
        form = MemberRowForm({key: row.get(key, "") for key in known})
        if not form.is_valid():
            for column, messages in form.errors.items():
                result.errors.extend((number, column, str(m)) for m in messages)
            continue
        ways = [w.strip() for w in (row.get("ways_to_take_part") or "").split(";") if w.strip()]
        bad = [w for w in ways if w not in ways_keys]
        if bad:
            result.errors.append(
                (number, "ways_to_take_part", _("unknown: %(v)s") % {"v": ", ".join(bad)})
            )
            continue
        member = form.save(commit=False)
        member.ways_to_take_part = ways
        member.status = Member.Status.ACTIVE
        member.channel = Member.Channel.IMPORT
        member.entered_by = entered_by
        member.confirmed_at = now
        member.area = postcodes.area_for(member.postcode)
        if (row.get("consent") or "").strip().lower() in {"yes", "y", "true", "1"}:
            member.consent_wording = str(choices.CONSENT_WORDING)
            member.consented_at = now
        else:
            for name in PROFILE_QUESTIONS:
                if getattr(member, name):
                    result.errors.append((number, name, _("profile answers need consent = yes")))
                    break
        members.append(member)
    if result.errors:
        return result
    with transaction.atomic():
        Member.objects.bulk_create(members)
    result.created = len(members)
    return result
