"""Open data files: generated once a minute, served from the shared cache, conditional."""

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from eig.challenges.enums import ChallengeStatus
from eig.core.public_cache import LOCAL_BYTES, LocalBytes, file_key
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
    kept = LocalBytes(limit=10)
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
    kept = LocalBytes(limit=10)
    kept.put("a", b"1234")
    kept.put("a", b"1234")
    kept.put("b", b"1234")
    assert kept.get("a") == kept.get("b") == b"1234"
