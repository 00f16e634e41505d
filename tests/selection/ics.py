"""A small iCalendar reader for the tests: unfold, split properties, unescape text."""

CRLF = "\r\n"


def physical_lines(ics: str) -> list[str]:
    assert ics.endswith(CRLF)
    assert "\n" not in ics.replace(CRLF, ""), "bare LF line ending"
    return ics[: -len(CRLF)].split(CRLF)


def unfold(ics: str) -> list[str]:
    lines: list[str] = []
    for line in physical_lines(ics):
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _split(line: str) -> tuple[str, dict[str, str], str]:
    # The value starts at the first colon outside a quoted parameter value.
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise AssertionError(f"no value in {line!r}")
    name, *raw_params = head.split(";")
    params = {}
    for raw in raw_params:
        key, _, param_value = raw.partition("=")
        params[key] = param_value.strip('"')
    return name, params, value


def parse(ics: str) -> dict:
    """{"calendar": {prop: value}, "events": [{prop: value or [values]...}]} (params kept
    for ATTENDEE and ORGANIZER as (params, value))."""
    calendar: dict = {}
    events: list[dict] = []
    stack: list[str] = []
    for line in unfold(ics):
        name, params, value = _split(line)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({"ATTENDEE": []})
            continue
        if name == "END":
            assert stack.pop() == value
            continue
        target = events[-1] if stack[-1] == "VEVENT" else calendar
        if name == "ATTENDEE":
            target["ATTENDEE"].append((params, value))
        elif name == "ORGANIZER":
            target[name] = (params, value)
        else:
            target[name] = unescape(value)
    assert not stack
    return {"calendar": calendar, "events": events}
