"""The Client: one object per pair of service addresses.

A thin layer over the generated stubs: it owns the channels, turns AIP-158
pages into plain iterators and builds requests from keyword filters. Errors
are the services' own: every call raises grpc.RpcError with the server's
status code and message (a message naming the bad field).
"""

import collections
import datetime
import functools
import os

import grpc

from parley_client.gen.grpc.health.v1 import health_pb2, health_pb2_grpc
from parley_client.gen.parley.v1 import ingest_service_pb2 as ingest_pb
from parley_client.gen.parley.v1 import ingest_service_pb2_grpc as ingest_grpc
from parley_client.gen.parley.v1 import query_service_pb2 as query_pb
from parley_client.gen.parley.v1 import query_service_pb2_grpc as query_grpc
from parley_client.gen.parley.v1 import resources_pb2

# Seconds allowed for one unary call or one page. Streams get no deadline:
# a folder of articles may take as long as it takes.
DEFAULT_TIMEOUT = 30.0

# The server's default article limit is 1 MiB; responses carry full events,
# so allow more than gRPC's 4 MiB default on the way in.
_CHANNEL_OPTIONS = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]


def _date(value):
    """A resources_pb2.Date from a datetime.date, a Date, or None."""
    if value is None or isinstance(value, resources_pb2.Date):
        return value
    if isinstance(value, datetime.date):
        return resources_pb2.Date(year=value.year, month=value.month, day=value.day)
    raise TypeError(f"expected datetime.date or Date, got {type(value).__name__}")


def _filters(filters):
    """Keyword filters as request fields; dates become proto Dates.

    date_range may be a (start, end) pair of datetime.date or None; a
    published date may be a datetime.date. Unknown names raise ValueError
    from protobuf, naming the field.
    """
    fields = dict(filters)
    if isinstance(fields.get("date_range"), tuple):
        start, end = fields["date_range"]
        fields["date_range"] = resources_pb2.DateRange(start=_date(start), end=_date(end))
    return fields


class Client:
    """Talks to one ingest service and one query service.

    Either address may be None when only the other service is used. Use as
    a context manager, or call close().

    Security (the same settings for both services; defaults: plaintext, no
    token), named as the parley CLI's flags:
      tls=True          TLS, server verified against the system's CAs;
      tls_ca=PATH       TLS, server verified against this PEM CA bundle;
      tls_cert=PATH, tls_key=PATH
                        a client certificate, for mutual TLS (implies TLS);
      tls_server_name=NAME
                        the name the server certificate must carry, when it
                        is not the address's host (e.g. a port-forward);
      token=TOKEN       sent as "authorization: Bearer TOKEN" on every call
                        (surrounding whitespace stripped, so a file's
                        contents will do), over TLS or plaintext alike.
    Unusable settings raise ValueError naming the keyword.
    """

    def __init__(self, ingest_addr=None, query_addr=None, timeout=DEFAULT_TIMEOUT, *,
                 tls=False, tls_ca=None, tls_cert=None, tls_key=None,
                 tls_server_name=None, token=None):
        self._timeout = timeout
        self._channels = {}  # "ingest" / "query" -> grpc.Channel
        self._ingest = self._query = None
        credentials = _tls_credentials(tls, tls_ca, tls_cert, tls_key)
        options = list(_CHANNEL_OPTIONS)
        if tls_server_name:
            options.append(("grpc.ssl_target_name_override", tls_server_name))
        interceptors = [_BearerToken(_check_token(token))] if token is not None else []
        make = functools.partial(_make_channel, credentials=credentials, options=options,
                                 interceptors=interceptors)
        if ingest_addr:
            self._channels["ingest"] = make(ingest_addr)
            self._ingest = ingest_grpc.IngestServiceStub(self._channels["ingest"])
        if query_addr:
            self._channels["query"] = make(query_addr)
            self._query = query_grpc.QueryServiceStub(self._channels["query"])

    def close(self):
        for channel in self._channels.values():
            channel.close()
        self._channels = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ---- ingest ---------------------------------------------------------

    def _ingest_stub(self):
        if self._ingest is None:
            raise ValueError("Client has no ingest_addr")
        return self._ingest

    def ingest_text(self, text, *, source="", url="", published=None,
                    external_id="", request_id=""):
        """Stores one article; returns its IngestArticleResponse."""
        article = ingest_pb.ArticleInput(text=text, source=source, url=url,
                                         published=_date(published),
                                         external_id=external_id)
        request = ingest_pb.IngestArticleRequest(article=article, request_id=request_id)
        return self._ingest_stub().IngestArticle(request, timeout=self._timeout)

    def extract_text(self, text, *, published=None):
        """Dry run: the events of one article, nothing stored."""
        article = ingest_pb.ArticleInput(text=text, published=_date(published))
        return self._ingest_stub().ExtractArticle(
            ingest_pb.ExtractArticleRequest(article=article), timeout=self._timeout)

    def ingest_folder(self, path, pattern=".txt"):
        """Streams every file under `path` ending in `pattern` (sorted) to
        IngestArticles; yields one IngestArticleResponse per file, in order,
        with request_id set to the file's path relative to `path`.

        A file the server rejects yields a response whose `error` is set;
        the stream goes on. Files are checked to be UTF-8 before anything is
        sent, so a bad file raises ValueError naming it and nothing is sent.
        """
        files = _article_files(path, pattern)
        for name in files:  # fail before the stream, with the file's name
            _read_utf8(os.path.join(path, name))

        def requests():
            for name in files:
                text = _read_utf8(os.path.join(path, name))
                yield ingest_pb.IngestArticleRequest(
                    article=ingest_pb.ArticleInput(text=text), request_id=name)

        yield from self._ingest_stub().IngestArticles(requests())

    # ---- query ----------------------------------------------------------

    def _query_stub(self):
        if self._query is None:
            raise ValueError("Client has no query_addr")
        return self._query

    def _pages(self, method, request_type, items_field, filters):
        """Yields every item of a List method, following page tokens."""
        request = request_type(**_filters(filters))
        while True:
            response = method(request, timeout=self._timeout)
            yield from getattr(response, items_field)
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    def iter_calls(self, **filters):
        """Every Call matching ListCallsRequest's filters (participant=,
        country=, date_range=(date, date), topic=, medium=, page_size=...)."""
        return self._pages(self._query_stub().ListCalls, query_pb.ListCallsRequest,
                           "calls", filters)

    def iter_quotes(self, **filters):
        """Every Quote matching ListQuotesRequest's filters."""
        return self._pages(self._query_stub().ListQuotes, query_pb.ListQuotesRequest,
                           "quotes", filters)

    def iter_sanctions(self, **filters):
        """Every Sanction matching ListSanctionsRequest's filters."""
        return self._pages(self._query_stub().ListSanctions,
                           query_pb.ListSanctionsRequest, "sanctions", filters)

    def iter_actors(self, **filters):
        """Every Actor matching ListActorsRequest's filters."""
        return self._pages(self._query_stub().ListActors, query_pb.ListActorsRequest,
                           "actors", filters)

    def iter_articles(self, **filters):
        """Every Article matching ListArticlesRequest's filters."""
        return self._pages(self._query_stub().ListArticles,
                           query_pb.ListArticlesRequest, "articles", filters)

    def get_call(self, call_id):
        return self._query_stub().GetCall(query_pb.GetCallRequest(id=call_id),
                                          timeout=self._timeout)

    def get_article(self, article_id):
        return self._query_stub().GetArticle(query_pb.GetArticleRequest(id=article_id),
                                             timeout=self._timeout)

    def get_actor(self, actor_id):
        return self._query_stub().GetActor(query_pb.GetActorRequest(id=actor_id),
                                           timeout=self._timeout)

    # ---- health ---------------------------------------------------------

    def health(self, which="query", service=""):
        """The standard gRPC health status of one service ("SERVING", ...)."""
        if which not in self._channels:
            raise ValueError(f"Client has no {which}_addr")
        stub = health_pb2_grpc.HealthStub(self._channels[which])
        response = stub.Check(health_pb2.HealthCheckRequest(service=service),
                              timeout=self._timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)


def _read_pem(keyword, path, what, marker):
    """The bytes of a PEM file, or ValueError naming the keyword: gRPC
    itself would only fail later, at the handshake, with a vague error."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ValueError(f"{keyword}: {path}: {e.strerror}") from e
    if marker not in data:
        raise ValueError(f"{keyword}: {path}: no PEM {what}")
    return data


def _tls_credentials(tls, tls_ca, tls_cert, tls_key):
    """grpc.ChannelCredentials for TLS, or None for plaintext."""
    if bool(tls_cert) != bool(tls_key):
        missing = "tls_key" if tls_cert else "tls_cert"
        raise ValueError(f"{missing}: needed with {'tls_cert' if tls_cert else 'tls_key'} "
                         "(a client certificate and its key go together)")
    if not (tls or tls_ca or tls_cert):
        return None
    cert = ("certificate", b"-----BEGIN CERTIFICATE-----")
    roots = _read_pem("tls_ca", tls_ca, *cert) if tls_ca else None
    chain = _read_pem("tls_cert", tls_cert, *cert) if tls_cert else None
    key = _read_pem("tls_key", tls_key, "private key", b"PRIVATE KEY-----") if tls_key else None
    return grpc.ssl_channel_credentials(root_certificates=roots, private_key=key,
                                        certificate_chain=chain)


def _check_token(token):
    """The token as sent; ValueError naming `token` if it cannot be sent.
    The services accept printable ASCII without spaces (openssl rand -hex)."""
    if not isinstance(token, str):
        raise ValueError(f"token: expected str, got {type(token).__name__}")
    token = token.strip()
    if not token:
        raise ValueError("token: empty")
    if not all("!" <= c <= "~" for c in token):
        raise ValueError("token: must be printable ASCII without spaces")
    return token


def _make_channel(addr, *, credentials, options, interceptors):
    if credentials is None:
        channel = grpc.insecure_channel(addr, options=options)
    else:
        channel = grpc.secure_channel(addr, credentials, options=options)
    return grpc.intercept_channel(channel, *interceptors) if interceptors else channel


class _CallDetails(collections.namedtuple(
        "_CallDetails", ("method", "timeout", "metadata", "credentials",
                         "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                   grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds "authorization: Bearer <token>" to every call's metadata.

    Metadata rather than grpc call credentials: gRPC sends those only over
    TLS, and a token must also work on a plaintext loopback channel."""

    def __init__(self, token):
        self._header = ("authorization", f"Bearer {token}")

    def _with_token(self, details):
        metadata = list(details.metadata or []) + [self._header]
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._with_token(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_token(details), requests)


def _article_files(root, suffix):
    """Paths under root ending in suffix, relative to root, sorted."""
    if not os.path.isdir(root):
        raise ValueError(f"{root}: not a directory")
    found = []
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(suffix):
                found.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(found)


def _read_utf8(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not UTF-8 (byte {e.start})") from e
