"""Query plans on PostgreSQL: does an index answer a query, or is a whole table read?

The test tables are small, so PostgreSQL would rightly scan them: plans are read with
sequential scans disabled, where a filter no index can answer still shows as a
``Seq Scan``, or as a ``Filter`` over a whole index instead of an ``Index Cond``."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

CONDITION = re.compile(r"(?:Index Cond|Recheck Cond): (.*)")


def query_plan(sql: str, params: tuple = (), disabled: tuple[str, ...] = ()) -> list[str]:
    """``sql``'s plan, line by line, with sequential scans disabled, and the planner's
    other ``disabled`` methods (``"sort"``, ``"bitmapscan"``…)."""
    settings = [f"enable_{method}" for method in ("seqscan", *disabled)]
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params or None)
        plan = [row[0].strip() for row in cursor.fetchall()]
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = on")
    return plan


def queryset_plan(queryset, disabled: tuple[str, ...] = ()) -> list[str]:
    return query_plan(*queryset.query.sql_with_params(), disabled=disabled)


def sequential_scans(plan: list[str]) -> list[str]:
    return [line for line in plan if "Seq Scan" in line]


def index_conditions(plan: list[str]) -> str:
    """Every condition an index answers in ``plan``, joined."""
    return " ".join(match.group(1) for line in plan if (match := CONDITION.search(line)))


def captured_sql(callable_, *args, **kwargs) -> list[str]:
    """The SQL of every query ``callable_`` runs, with its parameters bound."""
    with CaptureQueriesContext(connection) as context:
        callable_(*args, **kwargs)
    return [query["sql"] for query in context.captured_queries]


# Whole-table reads: the lists' requirement (issue 14, item 5) is that no query a list
# runs for its filters and orderings reads a whole table that could exceed 10,000 rows.
# Every table is held to it but these, bounded by the programme's structure rather than by
# its activity; the figures are the volume, a hundred times the programme's size.
SMALL_TABLES: dict[str, str] = {
    "programmes_programme": "one programme",
    "programmes_promotion": "one promotion a year (10)",
    "programmes_round": "a few rounds a promotion (60)",
    "programmes_paygrid": "one version of the pay grid a year or so",
    "programmes_paylevel": "two levels per version of the pay grid",
    "programmes_scoringgrid": "one scoring grid per round at most",
    "programmes_criterion": "a handful of criteria per scoring grid",
    "challenges_prioritypolicy": "a list of government policies the team keeps (tens)",
    "selection_ineligibilityreason": "a list of reasons the team keeps (tens)",
    "selection_challengeplaces": "one row per défi of a matching (3,000)",
    "organisations_organisation": "the State's administrations that propose défis (1,200)",
    "challenges_challenge": "a few hundred défis a year (3,000)",
    "challenges_opinion": "a coach's opinion or two per défi instructed",
    "contracts_offer": "one or two per EIG hired (3,000 contracts)",
    "contracts_contract": "one per EIG hired and renewal (3,000)",
    "contracts_variablepay": "one per contract",
    "contracts_renewalreminder": "one per contract",
    "selection_matchingrun": "a few per round",
    "django_content_type": "one row per model",
    "api_webhookendpoint": "a few subscribers",
    "api_apitoken": "a few tokens per administration",
    "dsfr_dsfrconfig": "the site's one configuration",
    "dsfr_dsfrsocialmedia": "the site's few social links",
}
# On the tests' tiny tables the planner would join by reading both sides whole (a merge
# or hash join) where, at volume, it looks each row up by index: joins are planned as
# nested loops, so a join no index answers shows as a whole read of its inner table.
JOINS_BY_INDEX = ("enable_seqscan", "enable_mergejoin", "enable_hashjoin")
SCAN_NODES = {"Seq Scan", "Index Scan", "Index Only Scan"}
WRITE_OR_SESSION = re.compile(r"^\s*(INSERT|SAVEPOINT|RELEASE|ROLLBACK|SET|BEGIN|COMMIT)\b", re.I)


def _partial_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE indpred IS NOT NULL")
        return {row[0] for row in cursor.fetchall()}


def _whole_reads(node: dict, partial: set[str], *, under_limit: bool = False) -> list[str]:
    """The scans of ``node``'s tree that read a large table whole: a sequential scan, or
    an index read from end to end with no condition (sequential scans being disabled, the
    planner takes one instead), unless a ``LIMIT`` stops it (the index gives the order of a
    page) or the index is partial (its predicate is the query's condition)."""
    found = []
    table = node.get("Relation Name", "")
    if node["Node Type"] in SCAN_NODES and table and table not in SMALL_TABLES:
        # An index-only scan reads the index alone: it is how a count of the whole list
        # is answered, never the table.
        whole = node["Node Type"] == "Seq Scan" or not (
            "Index Cond" in node
            or under_limit
            or node.get("Index Name") in partial
            or node["Node Type"] == "Index Only Scan"
        )
        if whole:
            found.append(f"{node['Node Type']} on {table} ({node.get('Index Name', 'no index')})")
    under_limit = under_limit or node["Node Type"] == "Limit"
    for child in node.get("Plans", []):
        found += _whole_reads(child, partial, under_limit=under_limit)
    return found


def whole_table_reads(sql: str, params: tuple = ()) -> list[str]:
    """The large tables ``sql`` reads whole, with sequential scans disabled."""
    import json

    with connection.cursor() as cursor:
        for setting in JOINS_BY_INDEX:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params or None)
        (document,) = cursor.fetchone()
        for setting in JOINS_BY_INDEX:
            cursor.execute(f"SET LOCAL {setting} = on")
    plan = document if isinstance(document, list) else json.loads(document)
    return _whole_reads(plan[0]["Plan"], _partial_indexes())


def request_whole_table_reads(
    client, url: str, data: dict | None = None, **headers: str
) -> dict[str, list[str]]:
    """Each query of a GET of ``url`` (with ``data``) that reads a large table whole, with
    what it reads. The response must be a success: a 302 to the sign-in page proves nothing."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {}, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, data, response.status_code)
    found = {}
    for query in context.captured_queries:
        sql = query["sql"]
        if WRITE_OR_SESSION.match(sql):
            continue
        if reads := whole_table_reads(sql):
            found[sql] = reads
    return found


def form_variants(form, *, search: str = "a") -> list[dict[str, str]]:
    """The queries a list's filter ``form`` offers: each choice of each field alone (the
    first object of a menu of objects), a search alone, and every field at once."""
    variants: list[dict[str, str]] = []
    combined: dict[str, str] = {}
    for name, field in form.fields.items():
        if not hasattr(field, "choices"):
            variants.append({name: search})
            combined[name] = search
            continue
        values = [str(value) for value, _label in field.choices if str(value)]
        if hasattr(field, "queryset"):
            values = values[:1]
        assert values, f"the filter « {name} » offers nothing: the test data lacks it"
        variants += [{name: value} for value in values]
        combined[name] = values[0]
    return [*variants, combined]
