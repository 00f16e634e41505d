"""The bench's tables, in Markdown (pasted as they are into bench/README.md)."""

import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Page:
    label: str
    who: str
    url: str
    reference: str = field(default="")


@dataclass(frozen=True)
class Measure:
    page: Page
    status: int  # of the counted request, through Django's test client
    queries: int
    load: dict[str, Any]  # bench/load.py's result


@dataclass(frozen=True)
class Export:
    label: str
    rows: int
    status: int  # of the file's download
    seconds: float  # until the whole file is there (streamed) or ready (built by the job)
    size: int
    peak_kb: int  # the peak resident memory of the process that wrote the file
    growth_kb: int  # that peak, less the process's memory before the export
    # Until the request answered: the first byte of a stream, the job queued.
    answer_seconds: float | None = None
    by_job: bool = False


def machine() -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = int(meminfo.read_text().split()[1])
        memory = f", {total / 1024 / 1024:.0f} Gio"
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", charge moyenne {os.getloadavg()[0]:.1f}"
    return f"{platform.system()} {os.cpu_count()} cœurs {cpu}{memory}{load}".strip()


def _number(value: int) -> str:
    """Grouped as in French (Django's number formats: a narrow no-break space)."""
    from django.utils.formats import number_format

    return number_format(value, force_grouping=True)


def _ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _ratio(page: float, reference: float) -> str:
    return f"× {page / reference:.1f}" if reference else "–"


def print_pages(
    *,
    measures: list[Measure],
    counts: dict[str, int],
    vendor: str,
    arguments: Any,
) -> None:
    from django.utils import timezone

    print()
    print(f"{timezone.localdate():%d/%m/%Y}, {machine()}.")
    print(
        f"{vendor}, --scale {arguments.scale} : "
        + ", ".join(f"{_number(count)} {name}" for name, count in counts.items())
        + "."
    )
    print(
        f"gunicorn 2 workers ; {arguments.users} utilisateurs {arguments.load} ; "
        f"{arguments.duration:g} s "
        f"par page et autant sur sa référence, en alternance toutes les {arguments.slice:g} s."
    )
    print()
    print(
        "| page | qui | SQL | p50 | p95 | req/s | réf. p50 | réf. p95 | réf. req/s "
        "| p50 / réf. | req/s / réf. |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for item in measures:
        page, reference = item.load["page"], item.load["reference"]
        status = "" if item.status == 200 else f" (HTTP {item.status})"
        failures = f" ({page['failures']} échecs)" if page["failures"] else ""
        print(
            f"| {item.page.label}{status}{failures} | {item.page.who} | {item.queries} "
            f"| {_ms(page['p50'])} | {_ms(page['p95'])} | {page['rps']:.1f} "
            f"| {_ms(reference['p50'])} | {_ms(reference['p95'])} | {reference['rps']:.1f} "
            f"| {_ratio(page['p50'], reference['p50'])} "
            f"| {_ratio(page['rps'], reference['rps'])} |"
        )
    print(flush=True)


def print_exports(exports: list[Export], seconds: float) -> None:
    if exports:
        print(
            "| export | lignes | HTTP | fait par | réponse | fichier complet | taille "
            "| mémoire, pic | hausse |"
        )
        print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for export in exports:
            answer = "—" if export.answer_seconds is None else f"{export.answer_seconds:.2f} s"
            print(
                f"| {export.label} | {_number(export.rows)} | {export.status or 'coupé'} "
                f"| {'la tâche' if export.by_job else 'le worker web'} | {answer} "
                f"| {export.seconds:.1f} s | {export.size / 1024 / 1024:.1f} Mo "
                f"| {export.peak_kb / 1024:.0f} Mo | {export.growth_kb / 1024:.0f} Mo |"
            )
        print()
    print(f"Durée totale : {seconds:.0f} s.")


def failures(measures: list[Measure], exports: list[Export]) -> list[str]:
    """What went wrong: a page or an export that did not answer 200, a failed request."""
    found = []
    for item in measures:
        if item.status != 200:
            found.append(f"{item.page.label} : HTTP {item.status} ({item.page.url})")
        for side in ("page", "reference"):
            result = item.load[side]
            if result["failures"]:
                found.append(f"{item.page.label} ({side}) : {', '.join(result['errors'])}")
            elif not result["requests"]:
                found.append(f"{item.page.label} ({side}) : aucune requête aboutie")
    found.extend(
        f"{export.label} ({export.rows} lignes) : "
        + (
            f"HTTP {export.status}"
            if export.status
            else "réponse coupée (voir le journal de gunicorn)"
        )
        for export in exports
        if export.status != 200
    )
    return found
