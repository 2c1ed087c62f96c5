"""The attendee list as CSV for staff (spreadsheet formulae neutralised)."""

import csv
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from search.exports import neutralise


class _Echo:
    def write(self, value):
        return value


def header() -> list[str]:
    return [
        _("Order"),
        _("Status"),
        _("Waiting position"),
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Access needs"),
        _("More about access needs"),
        _("Language"),
        _("Signed up"),
        _("Attendance"),
    ]


def rows(event) -> Iterator[list[str]]:
    position = 0
    for signup in event.source_page.signups.order_by("sequence"):
        waiting = ""
        if signup.status == signup.Status.WAITING:
            position += 1
            waiting = str(position)
        yield [
            neutralise(value)
            for value in (
                signup.sequence,
                signup.get_status_display(),
                waiting,
                signup.name,
                signup.email,
                signup.phone,
                "; ".join(signup.access_need_labels()),
                signup.access_details,
                signup.language,
                timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
                signup.get_attendance_display() if signup.attendance else "",
            )
        ]


def stream(event) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header())
    for row in rows(event):
        yield writer.writerow(row)
