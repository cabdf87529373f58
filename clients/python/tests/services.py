"""Starts the real parley-ingest and parley-query binaries for a test.

Binary paths come from PARLEY_INGEST_BIN and PARLEY_QUERY_BIN; tests skip
with a clear message when they are unset. Both services share one SQLite
file in a temporary directory and listen on free loopback ports. Extra
flags per service (TLS, token) and the Client keywords that reach their
health checks (TLS files) are optional.
"""

import os
import socket
import subprocess
import tempfile
import time
import unittest

import grpc

from parley_client import Client

STARTUP_SECONDS = 20


def binaries_or_skip():
    ingest = os.environ.get("PARLEY_INGEST_BIN")
    query = os.environ.get("PARLEY_QUERY_BIN")
    if not ingest or not query:
        raise unittest.SkipTest(
            "set PARLEY_INGEST_BIN and PARLEY_QUERY_BIN to the service binaries "
            "(or PARLEY_BIN_DIR for clients/run_tests.sh) to run these tests")
    for path in (ingest, query):
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path}: not an executable file")
    return ingest, query


def free_port():
    # The services take --listen HOST:PORT; ask the kernel for a port that
    # is free now. A rare race with another process is reported, not hidden.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_serving(addr, process, log_path, client_options):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        # A fresh channel per try: a refused one backs off for seconds.
        with Client(query_addr=addr, timeout=1, **client_options) as client:
            try:
                if client.health("query") == "SERVING":
                    return
            except grpc.RpcError:
                pass
        time.sleep(0.05)
    with open(log_path, errors="replace") as f:
        log = f.read()
    raise RuntimeError(f"service on {addr} not SERVING (exit code "
                       f"{process.poll()}); its log:\n{log}")


class Services:
    """Context manager: both services up on a fresh store.

    ingest_args / query_args: extra flags for each service; client_options:
    Client keywords the health checks need (e.g. tls_ca for a TLS service).
    """

    def __init__(self, ingest_args=(), query_args=(), client_options=None):
        self._args = {"ingest": list(ingest_args), "query": list(query_args)}
        self._client_options = dict(client_options or {})

    def __enter__(self):
        ingest_bin, query_bin = binaries_or_skip()
        self._tmp = tempfile.TemporaryDirectory(prefix="parley-py-")
        self.db = os.path.join(self._tmp.name, "parley.db")
        self._processes = []
        try:
            self.ingest_addr = self._start(ingest_bin, "ingest")
            self.query_addr = self._start(query_bin, "query")
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self, binary, name):
        addr = f"127.0.0.1:{free_port()}"
        log_path = os.path.join(self._tmp.name, f"{name}.log")
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [binary, "--listen", addr, "--db", self.db] + self._args[name],
                stdout=log, stderr=subprocess.STDOUT)
        self._processes.append(process)
        wait_serving(addr, process, log_path, self._client_options)
        return addr

    def __exit__(self, *exc):
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._tmp.cleanup()
        return False
