"""Open data files: generated once a minute, served from the shared cache, conditional."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from eig.challenges.enums import ChallengeStatus
from eig.core.public_cache import (
    LOCAL_BYTES,
    LOCAL_DATA,
    VERSION_KEY,
    LocalKept,
    file_key,
    public_data,
    public_data_changed,
)
from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

FILES = [
    "challenges:opendata_csv",
    "challenges:opendata_json",
    "impact:figures_csv",
    "impact:figures_json",
    "impact:promotions_csv",
    "impact:promotions_json",
]


@pytest.fixture(autouse=True)
def _some_data():
    ChallengeFactory(status=ChallengeStatus.RUNNING, complete=True)


@pytest.mark.parametrize("url_name", FILES)
def test_a_repeated_request_is_served_from_the_cache(client, url_name, django_assert_num_queries):
    first = client.get(reverse(url_name))
    with django_assert_num_queries(0):
        second = client.get(reverse(url_name))
    assert first.status_code == second.status_code == 200
    assert second.getvalue() == first.getvalue()
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]
    assert "public" in second["Cache-Control"]
    assert "max-age=60" in second["Cache-Control"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


@pytest.mark.parametrize("url_name", FILES)
def test_a_client_that_has_the_file_gets_a_304(client, url_name):
    first = client.get(reverse(url_name))
    by_etag = client.get(reverse(url_name), headers={"if-none-match": first["ETag"]})
    by_date = client.get(reverse(url_name), headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.getvalue() == b""


def test_filters_are_cached_apart_and_the_csv_is_still_streamed(client):
    everything = client.get(reverse("challenges:opendata_csv"))
    nothing = client.get(reverse("challenges:opendata_csv"), {"q": "introuvable"})
    assert everything.streaming
    assert len(nothing.getvalue().splitlines()) == 1  # the header only
    assert len(everything.getvalue().splitlines()) == 2


@pytest.mark.parametrize("url_name", FILES)
def test_a_client_that_accepts_gzip_gets_the_file_compressed_once(client, url_name):
    import gzip

    plain = client.get(reverse(url_name))
    compressed = client.get(reverse(url_name), headers={"accept-encoding": "gzip, br"})

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.getvalue()) == plain.getvalue()
    assert compressed["ETag"] != plain["ETag"]
    again = client.get(
        reverse(url_name),
        headers={"accept-encoding": "gzip", "if-none-match": compressed["ETag"]},
    )
    assert again.status_code == 304
    assert "Content-Encoding" not in plain


def _bytes_keys(response):
    tag = response["ETag"].strip('"').removesuffix("-gzip")
    return [f"public-file-bytes:{tag}:{encoding}" for encoding in ("plain", "gzip")]


def test_a_web_process_serves_the_bytes_it_holds_without_reading_them_again(
    client, django_assert_num_queries
):
    """The shared cache's record is read; the bytes come from the process's own copy."""
    first = client.get(reverse("challenges:opendata_json"))
    cache.delete_many(_bytes_keys(first))
    with django_assert_num_queries(0):
        second = client.get(reverse("challenges:opendata_json"))
    assert second.getvalue() == first.getvalue()
    assert second["ETag"] == first["ETag"]


def test_another_process_takes_the_bytes_from_the_shared_cache(client, django_assert_num_queries):
    first = client.get(reverse("challenges:opendata_csv"))
    LOCAL_BYTES.clear()  # as a web process that never served it
    with django_assert_num_queries(0):
        second = client.get(reverse("challenges:opendata_csv"))
    assert second.getvalue() == first.getvalue()


def test_a_file_whose_bytes_are_gone_everywhere_is_generated_again(client):
    first = client.get(reverse("challenges:opendata_json"))
    cache.delete_many(_bytes_keys(first))
    LOCAL_BYTES.clear()
    again = client.get(reverse("challenges:opendata_json"))
    assert again.status_code == 200
    assert again.getvalue() == first.getvalue()


def test_a_process_keeps_a_bounded_copy_the_least_recently_served_dropped_first():
    kept: LocalKept[bytes] = LocalKept(limit=10, weight=len)
    kept.put("a", b"1234")
    kept.put("b", b"1234")
    assert kept.get("a") == b"1234"  # "a" is now the most recently served
    kept.put("c", b"1234")
    assert kept.get("b") is None
    assert kept.get("a") == kept.get("c") == b"1234"


def test_past_its_minute_the_next_request_generates_the_file_again(client):

    url = reverse("challenges:opendata_csv")
    with time_machine.travel("2026-12-02 10:00:00", tick=False):
        first = client.get(url).getvalue().decode()
        ChallengeFactory(status=ChallengeStatus.RUNNING, title="Une cantine sans gaspillage")
        assert "Une cantine sans gaspillage" not in client.get(url).getvalue().decode()
    with time_machine.travel("2026-12-02 10:01:01", tick=False):
        again = client.get(url).getvalue().decode()
    assert "Une cantine sans gaspillage" not in first
    assert "Une cantine sans gaspillage" in again


def test_while_another_request_generates_it_the_file_as_it_was_is_served(
    client, django_assert_num_queries
):

    url = reverse("challenges:opendata_json")
    with time_machine.travel("2026-12-02 10:00:00", tick=False):
        first = client.get(url)
    cache.add(file_key(url) + ":renewing", True, 60)  # another web process took the turn
    with time_machine.travel("2026-12-02 10:01:01", tick=False), django_assert_num_queries(0):
        meanwhile = client.get(url)
    assert meanwhile.status_code == 200
    assert meanwhile.getvalue() == first.getvalue()


def test_a_file_kept_again_under_its_tag_is_counted_once():
    kept: LocalKept[bytes] = LocalKept(limit=10, weight=len)
    kept.put("a", b"1234")
    kept.put("a", b"1234")
    kept.put("b", b"1234")
    assert kept.get("a") == kept.get("b") == b"1234"


# Kept data (public_data): each process keeps what it read, a request reads the version once


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys read from the shared cache, in order."""
    reads: list[str] = []
    get = cache.get

    def counted(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted)
    return reads


def test_a_process_holding_a_value_reads_only_the_version(cache_reads):
    computed = []
    public_data("figures", lambda: computed.append(1) or [1, 2])
    cache_reads.clear()

    kept = public_data("figures", lambda: computed.append(1) or [1, 2])

    assert kept.value == [1, 2]
    assert computed == [1]
    assert cache_reads == [VERSION_KEY]


def test_a_process_keeps_a_value_no_longer_than_its_minute():
    computed = []
    with time_machine.travel("2026-12-02 10:00:00", tick=False):
        public_data("figures", lambda: computed.append(1))
    with time_machine.travel("2026-12-02 10:00:59", tick=False):
        public_data("figures", lambda: computed.append(2))
    with time_machine.travel("2026-12-02 10:01:01", tick=False):
        public_data("figures", lambda: computed.append(3))
    assert computed == [1, 3]


def test_a_process_never_serves_a_value_of_an_older_version(django_capture_on_commit_callbacks):
    public_data("figures", lambda: "before")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        public_data_changed()  # as a service does, in its transaction
    assert public_data("figures", lambda: "after").value == "after"


def test_a_request_reads_the_version_once_whatever_it_keeps(client, staff, cache_reads):
    client.force_login(staff)
    client.get(reverse("candidacies:staff_list"))  # its menus and bands, kept
    cache_reads.clear()

    client.get(reverse("candidacies:staff_list"))

    assert cache_reads.count(VERSION_KEY) == 1


def test_rows_written_in_one_transaction_renew_the_kept_data_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        ChallengeFactory.create_batch(3)
    bumps = [callback for callback in callbacks if callback.__name__ == "_version_bump"]
    assert len(bumps) == 1


def test_a_row_written_outside_the_platform_s_services_renews_the_kept_data(
    django_capture_on_commit_callbacks,
):
    public_data("figures", lambda: "before")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ChallengeFactory()  # a save, no recorded event
    assert public_data("figures", lambda: "after").value == "after"


def test_past_its_minute_a_value_is_computed_once_the_others_given_it_as_it_was():
    with time_machine.travel("2026-12-02 10:00:00", tick=False):
        public_data("figures", lambda: "first")
    LOCAL_DATA.clear()  # another process, which never held it
    with time_machine.travel("2026-12-02 10:01:05", tick=False):
        cache.add(f"public-data:figures:{cache.get(VERSION_KEY)}:renewing", True, 60)
        meanwhile = public_data("figures", lambda: "computed by a second request")
    assert meanwhile.value == "first", "another request is computing it"
    with time_machine.travel("2026-12-02 10:01:05", tick=False):
        cache.delete(f"public-data:figures:{cache.get(VERSION_KEY)}:renewing")
        assert public_data("figures", lambda: "second").value == "second"
