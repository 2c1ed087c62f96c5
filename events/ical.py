"""iCalendar (RFC 5545) files for events, written by hand: CRLF lines, escaped text,
lines folded at 75 octets, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

PRODID = "-//NHS engagement portal//Events//EN"


def escape(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/")[0] or "portal"


def event_lines(page, *, url: str = "", online_link: str = "", sequence: int = 0) -> list[str]:
    """One VEVENT. ``online_link`` only for a person with a confirmed place."""
    source = page.source_page
    location = ", ".join(
        part for part in (page.venue_name, " ".join(page.venue_address.split())) if part
    )
    if online_link:
        location = online_link
    description = page.intro
    if online_link:
        description = f"{description}\n\n{online_link}"
    if url:
        description = f"{description}\n\n{url}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{source.pk}@{_host()}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(source.starts_at)}",
        f"DTEND:{utc(source.ends_at)}",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{escape(page.title)}",
        f"DESCRIPTION:{escape(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if source.cancelled_at else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[list[str]], *, name: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
