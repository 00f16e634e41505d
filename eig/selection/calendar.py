"""Calendar invitations (iCalendar, RFC 5545) for interviews, written by hand.

One VEVENT per interview: its UID never changes, SEQUENCE grows with each update,
a cancellation is sent with METHOD:CANCEL and STATUS:CANCELLED (RFC 5546). Times are
written in UTC; lines end with CRLF and are folded at 75 octets without cutting a
UTF-8 character; text values are escaped.
"""

import datetime
from dataclasses import dataclass, field

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//DINUM//Entrepreneur·es d’intérêt général//FR"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    stamp: datetime.datetime
    summary: str
    description: str
    organizer: Person
    attendees: list[Person] = field(default_factory=list)
    location: str = ""
    url: str = ""
    cancelled: bool = False


def text_escape(value: str) -> str:
    """Escape a TEXT value (RFC 5545 § 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value, quoted; a double quote is not allowed inside (§ 3.1)."""
    cleaned = "".join(ch for ch in value if ch not in '"\r\n')
    return f'"{cleaned}"'


def utc_stamp(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("A calendar time must be timezone-aware.")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def line_fold(line: str) -> str:
    """Fold a content line so that no physical line exceeds 75 octets (§ 3.1)."""
    parts: list[str] = []
    current = ""
    current_octets = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if current_octets + octets > MAX_LINE_OCTETS:
            parts.append(current)
            current, current_octets = " ", 1
        current += char
        current_octets += octets
    parts.append(current)
    return CRLF.join(parts)


def _mailto(person: Person) -> str:
    return f"mailto:{person.email}"


def _event_lines(event: CalendarEvent) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{text_escape(event.summary)}",
        f"DESCRIPTION:{text_escape(event.description)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{text_escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"ORGANIZER;CN={_param(event.organizer.name)}:{_mailto(event.organizer)}")
    for attendee in event.attendees:
        lines.append(
            f"ATTENDEE;CN={_param(attendee.name)};ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT=NEEDS-ACTION;RSVP=FALSE:{_mailto(attendee)}"
        )
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.append("TRANSP:OPAQUE")
    lines.append("END:VEVENT")
    return lines


def ics_render(event: CalendarEvent) -> str:
    """The whole VCALENDAR object, ready to attach as ``text/calendar``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if event.cancelled else 'REQUEST'}",
        *_event_lines(event),
        "END:VCALENDAR",
    ]
    return "".join(line_fold(line) + CRLF for line in lines)
