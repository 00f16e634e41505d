"""The bench fails (non-zero exit) on any answer but 200: bench/report.py's failures()."""

from bench.report import Export, Measure, Page, failures

FINE = {"requests": 10, "failures": 0, "errors": [], "p50": 5.0, "p95": 9.0, "rps": 100.0}


def _measure(status=200, page=None):
    return Measure(
        page=Page("Accueil", "anonyme", "/"),
        status=status,
        queries=3,
        load={"page": page or FINE, "reference": FINE},
    )


def _export(status=200):
    return Export(
        label="Candidatures (CSV)",
        rows=300,
        status=status,
        seconds=1.0,
        size=1,
        peak_kb=1,
        growth_kb=0,
    )


def test_every_page_and_export_in_200_is_no_failure():
    assert failures([_measure()], [_export()]) == []


def test_a_page_that_does_not_answer_200_fails_the_bench():
    assert failures([_measure(status=500)], []) == ["Accueil : HTTP 500 (/)"]


def test_a_failed_request_under_load_fails_the_bench():
    failed = {**FINE, "failures": 2, "errors": ["HTTP 302 sur /"]}
    assert failures([_measure(page=failed)], []) == ["Accueil (page) : HTTP 302 sur /"]


def test_a_page_never_answered_under_load_fails_the_bench():
    assert failures([_measure(page={**FINE, "requests": 0})], []) == [
        "Accueil (page) : aucune requête aboutie"
    ]


def test_an_export_cut_mid_way_fails_the_bench():
    assert failures([], [_export(status=0)]) == [
        "Candidatures (CSV) (300 lignes) : réponse coupée (voir le journal de gunicorn)"
    ]
