"""Python client for Parley's gRPC ingest and query services.

    from parley_client import Client
    with Client("127.0.0.1:50051", "127.0.0.1:50052") as parley:
        parley.ingest_folder("articles/")
        for call in parley.iter_calls(participant="Xi Jinping"):
            print(call.id, [p.name for p in call.participants])

The generated messages are re-exported as ``parley_client.pb`` (resources,
requests and enums) for callers that build requests themselves. Run
``generate.sh`` once before importing (see README.md).
"""

try:
    from parley_client.gen.parley.v1 import resources_pb2 as pb  # noqa: F401
except ImportError as e:  # pragma: no cover: a setup error, said plainly
    raise ImportError(
        "parley_client: generated stubs missing; run clients/python/generate.sh"
    ) from e

from parley_client.client import Client, DEFAULT_TIMEOUT  # noqa: E402,F401

__all__ = ["Client", "DEFAULT_TIMEOUT", "pb"]
