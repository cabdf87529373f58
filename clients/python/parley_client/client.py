"""The Client: one object per pair of service addresses.

A thin layer over the generated stubs: it owns the channels, turns AIP-158
pages into plain iterators and builds requests from keyword filters. Errors
are the services' own: every call raises grpc.RpcError with the server's
status code and message (a message naming the bad field).
"""

import datetime
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
    """

    def __init__(self, ingest_addr=None, query_addr=None, timeout=DEFAULT_TIMEOUT):
        self._timeout = timeout
        self._channels = {}  # "ingest" / "query" -> grpc.Channel
        self._ingest = self._query = None
        if ingest_addr:
            self._ingest = ingest_grpc.IngestServiceStub(self._channel("ingest", ingest_addr))
        if query_addr:
            self._query = query_grpc.QueryServiceStub(self._channel("query", query_addr))

    def _channel(self, which, addr):
        channel = grpc.insecure_channel(addr, options=_CHANNEL_OPTIONS)
        self._channels[which] = channel
        return channel

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
