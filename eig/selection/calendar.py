"""Calendar invitations (iCalendar, RFC 5545) for interviews, written with ``icalendar``.

One VEVENT per interview: its UID never changes, SEQUENCE grows with each update,
a cancellation is sent with METHOD:CANCEL and STATUS:CANCELLED (RFC 5546). Times are
written in UTC. ``icalendar`` escapes text values, quotes parameters and folds lines at
75 octets without cutting a UTF-8 character.
"""

import datetime
from dataclasses import dataclass, field

from icalendar import Calendar, Event, vCalAddress

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


def _in_utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("A calendar time must be timezone-aware.")
    return moment.astimezone(datetime.UTC)


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    # A double quote cannot stand inside a quoted parameter value (RFC 5545 § 3.1).
    address.params["CN"] = person.name.replace('"', "")
    address.params.update(params)
    return address


def _event(event: CalendarEvent) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", _in_utc(event.stamp))
    vevent.add("dtstart", _in_utc(event.starts_at))
    vevent.add("dtend", _in_utc(event.ends_at))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("organizer", _address(event.organizer))
    for attendee in event.attendees:
        vevent.add(
            "attendee",
            _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE"),
        )
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def ics_render(event: CalendarEvent) -> str:
    """The whole VCALENDAR object, ready to attach as ``text/calendar``."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if event.cancelled else "REQUEST")
    calendar.add_component(_event(event))
    return calendar.to_ical().decode("utf-8")
