import datetime
import zoneinfo

from icalendar import Calendar

from eig.selection.calendar import CalendarEvent, Person, ics_render
from tests.selection.ics import parse, physical_lines

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _event(**kwargs):
    values = {
        "uid": "entretien-42@eig.example.fr",
        "sequence": 0,
        "starts_at": datetime.datetime(2026, 7, 3, 14, 30, tzinfo=PARIS),
        "ends_at": datetime.datetime(2026, 7, 3, 15, 15, tzinfo=PARIS),
        "stamp": datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC),
        "summary": "Entretien EIG — Élodie Château",
        "description": "Entretien avec le programme\nLieu : 20 avenue de Ségur, Paris; salle 3",
        "organizer": Person("Équipe, programme", "equipe@numerique.gouv.fr"),
        "attendees": [
            Person("Élodie Château", "elodie@example.fr"),
            Person('Jean "Jo" Dupont', "jean@example.gouv.fr"),
        ],
        "location": "20 avenue de Ségur, 75007 Paris",
        "url": "https://visio.numerique.gouv.fr/abc-defg-hij",
    }
    return CalendarEvent(**{**values, **kwargs})


def test_the_invitation_reads_back_with_its_times_in_utc():
    ics = ics_render(_event())
    parsed = parse(ics)
    assert parsed["calendar"]["VERSION"] == "2.0"
    assert parsed["calendar"]["METHOD"] == "REQUEST"
    assert "PRODID" in parsed["calendar"]
    (event,) = parsed["events"]
    # 14:30 in Paris in summer (UTC+2) is 12:30 UTC.
    assert event["DTSTART"] == "20260703T123000Z"
    assert event["DTEND"] == "20260703T131500Z"
    assert event["DTSTAMP"] == "20260601T090000Z"
    assert event["UID"] == "entretien-42@eig.example.fr"
    assert event["SEQUENCE"] == "0"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Entretien EIG — Élodie Château"
    assert event["DESCRIPTION"] == (
        "Entretien avec le programme\nLieu : 20 avenue de Ségur, Paris; salle 3"
    )
    assert event["LOCATION"] == "20 avenue de Ségur, 75007 Paris"
    assert event["URL"] == "https://visio.numerique.gouv.fr/abc-defg-hij"
    assert event["ORGANIZER"] == ({"CN": "Équipe, programme"}, "mailto:equipe@numerique.gouv.fr")
    emails = [value for _params, value in event["ATTENDEE"]]
    assert emails == ["mailto:elodie@example.fr", "mailto:jean@example.gouv.fr"]
    assert event["ATTENDEE"][1][0]["CN"] == "Jean Jo Dupont"


def test_winter_time_is_one_hour_from_utc():
    ics = ics_render(
        _event(
            starts_at=datetime.datetime(2026, 12, 1, 9, 0, tzinfo=PARIS),
            ends_at=datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS),
        )
    )
    (event,) = parse(ics)["events"]
    assert event["DTSTART"] == "20261201T080000Z"


def test_lines_end_with_crlf_and_are_folded_at_75_octets():
    long_text = "Un texte accentué très long — " * 20
    ics = ics_render(_event(description=long_text))
    for line in physical_lines(ics):
        assert len(line.encode("utf-8")) <= 75
    (event,) = parse(ics)["events"]
    assert event["DESCRIPTION"] == long_text


def test_folding_never_cuts_a_utf8_character():
    ics = ics_render(_event(summary="é" * 100))
    lines = ics.encode("utf-8").split(b"\r\n")
    start = next(index for index, line in enumerate(lines) if line.startswith(b"SUMMARY:"))
    physical = [lines[start], *lines[start + 1 : start + 3]]
    assert not lines[start + 3].startswith(b" ")
    # "SUMMARY:" is 8 octets and each "é" 2: the first line stops at 74 octets, as a 75th
    # would be half an "é"; the next ones are a space and 37 "é" (75 octets), then the rest.
    assert [len(octets) for octets in physical] == [74, 75, 61]
    for octets in physical:
        octets.decode("utf-8")  # a fold inside a two-octet character would raise here
    (event,) = parse(ics)["events"]
    assert event["SUMMARY"] == "é" * 100


def test_text_is_escaped():
    ics = ics_render(_event(summary="a;b,c\\d\ne"))
    assert "SUMMARY:a\\;b\\,c\\\\d\\ne\r\n" in ics
    (event,) = parse(ics)["events"]
    assert event["SUMMARY"] == "a;b,c\\d\ne"


def test_a_calendar_library_reads_the_invitation_back():
    calendar = Calendar.from_ical(ics_render(_event()))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2026, 7, 3, 12, 30, tzinfo=datetime.UTC)
    assert str(event["summary"]) == "Entretien EIG — Élodie Château"
    assert [str(attendee) for attendee in event["attendee"]] == [
        "mailto:elodie@example.fr",
        "mailto:jean@example.gouv.fr",
    ]
    assert event["organizer"].params["CN"] == "Équipe, programme"


def test_a_cancellation_uses_method_cancel():
    parsed = parse(ics_render(_event(sequence=2, cancelled=True)))
    assert parsed["calendar"]["METHOD"] == "CANCEL"
    (event,) = parsed["events"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == "2"
