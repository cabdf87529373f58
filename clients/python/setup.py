"""Installs parley_client; stubs are generated from ../../proto first.

    clients/python/generate.sh && /usr/bin/python3 -m pip install clients/python
"""

import os

from setuptools import find_packages, setup

here = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(here, "parley_client", "gen", "parley", "v1",
                                   "resources_pb2.py")):
    raise SystemExit("run clients/python/generate.sh before installing")

setup(
    name="parley-client",
    version="0.1.0",
    description="Python client for Parley's gRPC ingest and query services",
    packages=find_packages(include=["parley_client", "parley_client.*"]),
    python_requires=">=3.9",
    # Debian: python3-grpcio, python3-protobuf.
    install_requires=["grpcio>=1.51", "protobuf>=4.21"],
)
