"""Open data files served from the shared cache, with ``ETag`` and ``Last-Modified``.

An open data file is the same for everyone, so it is generated at most once a minute per
address (``PUBLIC_FILE_SECONDS``, in the shared cache: one generation for every web
process), then served as stored. Past its minute, the first request generates it again
while the requests that come meanwhile are served the file as it was: a file taking a
second to generate is generated once, not by every waiting request. The shared cache
holds, per address, a small record (its tag, date and headers) and, apart, under that
tag, the bytes, plain and compressed; each web process keeps the last bytes it served
(``LOCAL_BYTES_MAX``), so that a request reads the small record alone and sends bytes it
already has, instead of reading and decoding megabytes from the cache (the database's,
in production) every time. Bytes are kept by their tag, a digest of their content: a
process can never serve an old file under a new record. A client that sends back the
``ETag`` (or the ``Last-Modified`` date) it was given gets a 304 without a body. A
minute is what the figures may lag behind a change: simpler than having every service
that touches a défi, a contract or a measurement invalidate six files, and short enough
for open data.
"""

import gzip
import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

PUBLIC_FILE_SECONDS = 60
# How long a file is kept after its minute: served to the requests that come while
# another generates it again (``_renews``).
PUBLIC_FILE_KEPT_SECONDS = 10 * 60
CHUNK = 64 * 1024
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Link", "Access-Control-Allow-Origin")
# The bytes a web process keeps of the files it served, the least recently served dropped
# first: the open data files are a few megabytes at a hundred times today's volume.
LOCAL_BYTES_MAX = 64 * 1024 * 1024


class LocalKept[T]:
    """What this process served lately, by key, the least recently served dropped first
    past ``limit``, as ``weight`` counts (the bytes of a file, or one per entry)."""

    def __init__(self, limit: int, weight: Callable[[T], int]) -> None:
        self.limit = limit
        self.weight = weight
        self.items: OrderedDict[str, T] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> T | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: T) -> None:
        with self.lock:
            if key in self.items:
                self.size -= self.weight(self.items.pop(key))
            self.size += self.weight(value)
            self.items[key] = value
            while self.size > self.limit and self.items:
                self.size -= self.weight(self.items.popitem(last=False)[1])

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


LOCAL_BYTES: LocalKept[bytes] = LocalKept(LOCAL_BYTES_MAX, weight=len)


def _bytes_key(etag: str, *, compressed: bool) -> str:
    return f"public-file-bytes:{etag.strip(chr(34))}:{'gzip' if compressed else 'plain'}"


def _stored(key: str, response: HttpResponseBase) -> tuple[dict[str, Any], dict[bool, bytes]]:
    """Keep ``response``'s file in the shared cache: its record, and its bytes by encoding
    (``True``: compressed)."""
    body = b"".join(response) if response.streaming else response.content  # type: ignore[attr-defined]
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    record = {
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "etag": etag,
        "last_modified": int(timezone.now().timestamp()),
        "fresh_until": time.time() + PUBLIC_FILE_SECONDS,
        "streaming": response.streaming,
    }
    # Compressed once per generation, for every client that accepts it.
    encodings = {False: body, True: gzip.compress(body, mtime=0)}
    for compressed, data in encodings.items():
        bytes_key = _bytes_key(etag, compressed=compressed)
        cache.set(bytes_key, data, PUBLIC_FILE_KEPT_SECONDS)
        LOCAL_BYTES.put(bytes_key, data)
    # After its bytes: never a record without them.
    cache.set(key, record, PUBLIC_FILE_KEPT_SECONDS)
    cache.delete(f"{key}:renewing")
    return record, encodings


def _bytes(record: dict[str, Any], *, compressed: bool) -> bytes | None:
    bytes_key = _bytes_key(record["etag"], compressed=compressed)
    body = LOCAL_BYTES.get(bytes_key)
    if body is None:
        body = cache.get(bytes_key)
        if body is not None:
            LOCAL_BYTES.put(bytes_key, body)
    return body


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _response(stored: dict[str, Any], body: bytes, *, compressed: bool) -> HttpResponseBase:
    # A file that was streamed is streamed again (in chunks), so a large one never sits
    # whole in a response object the middleware might copy.
    response: HttpResponseBase = (
        StreamingHttpResponse(body[i : i + CHUNK] for i in range(0, len(body), CHUNK))
        if stored["streaming"]
        else HttpResponse(body)
    )
    for name, value in stored["headers"].items():
        response[name] = value
    response["ETag"] = _etag(stored, compressed=compressed)
    if compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Last-Modified"] = http_date(stored["last_modified"])
    patch_cache_control(response, public=True, max_age=PUBLIC_FILE_SECONDS)
    return response


def _etag(stored: dict[str, Any], *, compressed: bool) -> str:
    """Each encoding of the file has its own tag: they are not the same bytes."""
    return quote_etag(stored["etag"].strip('"') + "-gzip") if compressed else stored["etag"]


def file_key(path: str) -> str:
    """The shared cache's key of the file at ``path`` (its query string included)."""
    return "public-file:" + hashlib.sha256(path.encode()).hexdigest()


def _renews(key: str, stored: dict[str, Any]) -> bool:
    """Whether this request generates the file again: it is older than a minute, and no
    other request is generating it (the first to ask takes the turn, for
    ``PUBLIC_FILE_SECONDS``). The others meanwhile serve the file as it was, so that a
    file taking a second to generate is generated once, not by every request waiting."""
    if time.time() < stored["fresh_until"]:
        return False
    return _renewal_taken(key)


def public_file[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Serve ``view``'s file from the shared cache, answering conditional requests."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = file_key(request.get_full_path())
        compressed = _accepts_gzip(request)
        stored = cache.get(key)
        body = _bytes(stored, compressed=compressed) if stored is not None else None
        if stored is None or body is None or _renews(key, stored):
            generated = view(request, *args, **kwargs)
            if generated.status_code != 200:
                return generated
            stored, encodings = _stored(key, generated)
            body = encodings[compressed]
        response = _response(stored, body, compressed=compressed)
        not_modified = get_conditional_response(
            request,
            etag=_etag(stored, compressed=compressed),
            last_modified=stored["last_modified"],
            response=cast(HttpResponse, response),
        )
        return not_modified or response

    return wrapper  # type: ignore[return-value]


# Kept pages: the public ones (the Impact figures, the home page's key figures, the
# catalogue, a défi) and the lists the programme team and reviewers open all day.
#
# A page carries a CSP nonce of its own and, for a signed-in person, their header and
# CSRF token: the page is rendered for every response, around content kept in the shared
# cache. The content is stored under a version that every committed change bumps: each
# row a model of the platform writes or deletes (``watch_models``) and each recorded event
# (``event_record``, for the services that write with ``update()``), once per atomic
# block; and for at most a minute, for what changes with the clock alone (a contract
# starting on its date).
PUBLIC_DATA_SECONDS = 60
VERSION_KEY = "public-data:version"


@dataclass(frozen=True)
class PublicData[T]:
    value: T
    etag: str
    last_modified: int


def _weight(data: PublicData[Any]) -> int:
    """About the memory ``data`` holds: the characters of its text (a page's HTML), or of
    the texts it holds (a menu's labels), a hundred for anything else."""
    value = data.value
    if isinstance(value, str | bytes):
        return len(value) + 100
    if isinstance(value, tuple | list):
        return sum(len(item) if isinstance(item, str) else 100 for item in value) + 100
    if isinstance(value, dict):
        return sum(len(item) if isinstance(item, str) else 100 for item in value.values()) + 100
    return 100


# The public data a web process read lately (``public_data``): its pages' content (a few
# hundred kilobytes for a list of fifty rows), figures and menus.
LOCAL_DATA_MAX = 32 * 1024 * 1024
LOCAL_DATA: LocalKept[PublicData[Any]] = LocalKept(LOCAL_DATA_MAX, weight=_weight)


# The version a request read, so that a page reading several kept data (its menus, its
# figures) reads the version once, not once each: ``""`` in a request that has not read it
# yet, ``None`` outside requests (a job, a command), which read it every time.
_request_version: ContextVar[str | None] = ContextVar("public_data_version", default=None)


def _request_start(**kwargs: Any) -> None:
    _request_version.set("")


def _request_end(**kwargs: Any) -> None:
    _request_version.set(None)


request_started.connect(_request_start, dispatch_uid="public_data_version_start")
request_finished.connect(_request_end, dispatch_uid="public_data_version_end")


def _version() -> str:
    read = _request_version.get()
    if read:
        return read
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    if read is not None:
        _request_version.set(version)
    return version


def _version_bump() -> None:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    if _request_version.get() is not None:
        _request_version.set(version)


def public_data_changed() -> None:
    """What the kept pages show may have changed: their data are computed again once the
    change is committed. Not before: a page computed meanwhile reads the rows as they were,
    under the version the commit then leaves behind; and the database cache's row is not
    locked by every service's transaction. Once per transaction, however many rows it
    changes."""
    if not _bump_awaited():
        transaction.on_commit(_version_bump)


def _bump_awaited() -> bool:
    """Whether the same atomic block already bumps the version when it commits: the
    changes of one block share their fate (a block nested in it registers its own)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    open_savepoints = set(connection.savepoint_ids)
    return any(
        function is _version_bump and savepoints == open_savepoints
        for savepoints, function, _robust in connection.run_on_commit
    )


def _model_changed(sender: type[Model], **kwargs: Any) -> None:
    if sender._meta.app_config is not None and sender._meta.app_config.name.startswith("eig."):
        public_data_changed()


def watch_models() -> None:
    """Every row the platform's models write or delete renews the kept data, besides the
    history every service records (``event_record``): a change a service would not record
    (a name, a wish, a score) still shows at once on the pages kept until the next change.
    A queryset's ``update()`` sends no signal: the services that use one record an event."""
    signals = {"post_save": post_save, "post_delete": post_delete, "m2m_changed": m2m_changed}
    for name, signal in signals.items():
        signal.connect(_model_changed, dispatch_uid=f"public_data_{name}")


def public_data[T](name: str, compute: Callable[[], T]) -> PublicData[T]:
    """``compute()``'s value, from the shared cache while nothing changed (a minute at most).

    Each process also keeps the values it read (``LOCAL_DATA``): a value is never changed
    under its version, so a process holding it reads the version alone. It keeps it for
    what remains of the value's minute, not for a minute of its own. Past its minute
    (nothing changed, but the clock may matter), the first request computes it again while
    those that come meanwhile are given it as it was: a list taking half a second to
    render is rendered once, not by every person waiting."""
    version = _version()
    key = f"public-data:{name}:{version}"
    now = timezone.now().timestamp()
    local = LOCAL_DATA.get(key)
    if local is not None and now < local.last_modified + PUBLIC_DATA_SECONDS:
        return local
    stored = cache.get(key)
    if stored is None or (
        now >= stored.last_modified + PUBLIC_DATA_SECONDS and _renewal_taken(key)
    ):
        at = int(timezone.now().timestamp())
        digest = hashlib.sha256(f"{name}:{version}:{at}".encode()).hexdigest()[:32]
        stored = PublicData(value=compute(), etag=quote_etag(digest), last_modified=at)
        cache.set(key, stored, PUBLIC_FILE_KEPT_SECONDS)
        cache.delete(f"{key}:renewing")
    LOCAL_DATA.put(key, stored)
    return stored


def _renewal_taken(key: str) -> bool:
    """Whether this request computes ``key`` again: the first to ask takes the turn (for a
    minute at most), the others meanwhile use what is kept."""
    return bool(cache.add(f"{key}:renewing", True, PUBLIC_FILE_SECONDS))


def _conditional_allowed(request: HttpRequest) -> bool:
    """Only an anonymous visitor without a session sees the page its data describe: a
    signed-in person's header, or a message waiting in a session, would differ."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return not signed_in and settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(
    request: HttpRequest, data: list[PublicData[Any]], render: Callable[[], HttpResponse]
) -> HttpResponseBase:
    """``render()``'s page, with an ``ETag`` and a ``Last-Modified`` taken from its cached
    ``data``, or a 304 when the visitor already holds it.

    The 304 carries no Content-Security-Policy: the browser keeps the one it stored with
    the page, whose nonce its scripts carry."""
    if not _conditional_allowed(request):
        return render()
    etag = quote_etag(hashlib.sha256("".join(item.etag for item in data).encode()).hexdigest()[:32])
    last_modified = max(item.last_modified for item in data)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified._csp_config = {}  # type: ignore[attr-defined]
        not_modified._csp_ro_config = {}  # type: ignore[attr-defined]
        response: HttpResponseBase = not_modified
    else:
        response = render()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Stored by the browser, asked again every time: the 304 is what saves the work.
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


# A public page's content: the same for every visitor and without a nonce (its filters,
# rows, figures), rendered once per change of the public data. The page around it (the
# header of whoever is signed in, the nonce of its scripts) is rendered for each response.


def kept_name(prefix: str, *parts: object) -> str:
    """The name of a kept datum that varies with ``parts`` (the filters, the page, the
    person, the language): ``prefix`` and their digest, short enough for any cache key."""
    text = "|".join(str(part) for part in (get_language(), *parts))
    return f"{prefix}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def kept_content(
    request: HttpRequest, template_name: str, context: dict[str, Any], partial: str = "content"
) -> str:
    """The HTML of ``template_name``'s ``partial``: what a kept page shows (its filters,
    rows, counts), without the page around it. It must hold nothing of the person's own (a
    CSRF token, messages): it is shown to whoever asks the same thing."""
    return render_to_string(f"{template_name}#{partial}", context, request=request)


def public_content(
    request: HttpRequest, name: str, template_name: str, context: Callable[[], dict[str, Any]]
) -> PublicData[str]:
    """The HTML of ``template_name``'s partial « content » rendered with ``context()``,
    kept as the public data are (``public_data``)."""
    return public_data(name, lambda: kept_content(request, template_name, context()))


def public_content_page(
    request: HttpRequest,
    data: list[PublicData[Any]],
    template_name: str,
    context: dict[str, Any],
    html: str,
) -> HttpResponseBase:
    """``template_name`` around its content ``html`` (``content_html``), conditional on
    ``data`` as ``public_page`` is."""
    return public_page(
        request,
        data,
        lambda: render(
            request,
            template_name,
            context | {"content_html": mark_safe(html)},  # noqa: S308 (our own HTML)
        ),
    )
