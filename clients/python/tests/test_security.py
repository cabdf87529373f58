"""Client TLS, mutual TLS and bearer tokens against the real services.

Certificates come from ../../testing/make_test_pki.sh (the openssl CLI),
generated afresh in a temporary directory; nothing is committed.
"""

import os
import secrets
import shutil
import subprocess
import tempfile
import unittest

import grpc

from parley_client import Client
from tests.services import Services, binaries_or_skip

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_PKI = os.path.join(HERE, "..", "..", "testing", "make_test_pki.sh")

ARTICLE = ("Xi Jinping holds phone talks with Emmanuel Macron\n\n"
           "BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held "
           "a phone call with French President Emmanuel Macron on Wednesday.\n")


def _token_and_pki(test_class, pki):
    """Writes a token file (and with `pki`, the certificates) into a fresh
    directory, removed at class teardown; sets test_class.dir and .token."""
    binaries_or_skip()
    if pki and shutil.which("openssl") is None:
        raise unittest.SkipTest("the openssl CLI is needed to make test certificates")
    test_class.dir = tempfile.mkdtemp(prefix="parley-py-pki-")
    test_class.addClassCleanup(shutil.rmtree, test_class.dir)
    if pki:
        subprocess.run([MAKE_PKI, test_class.dir], check=True)
    test_class.token = secrets.token_hex(16)
    test_class.token_file = os.path.join(test_class.dir, "token")
    with open(test_class.token_file, "w") as f:
        f.write(test_class.token + "\n")


def _code(call):
    with unittest.TestCase().assertRaises(grpc.RpcError) as caught:
        call()
    return caught.exception.code()


class TokenOnPlaintextTest(unittest.TestCase):
    """parley-ingest --auth-token-file over plaintext loopback."""

    @classmethod
    def setUpClass(cls):
        _token_and_pki(cls, pki=False)
        cls.services = Services(ingest_args=["--auth-token-file", cls.token_file])
        cls.services.__enter__()
        cls.addClassCleanup(cls.services.__exit__)

    def client(self, **options):
        client = Client(self.services.ingest_addr, self.services.query_addr, **options)
        self.addCleanup(client.close)
        return client

    def test_right_token_ingests_unary_and_stream(self):
        client = self.client(token=self.token + "\n")  # as read from a file
        stored = client.ingest_text(ARTICLE, request_id="unary")
        self.assertGreater(stored.article_id, 0)
        folder = tempfile.mkdtemp(dir=self.dir)
        with open(os.path.join(folder, "a.txt"), "w") as f:
            f.write(ARTICLE.replace("Wednesday", "Thursday"))
        [streamed] = list(client.ingest_folder(folder))
        self.assertFalse(streamed.HasField("error"), streamed.error)
        self.assertGreater(streamed.article_id, stored.article_id)
        listed = {a.id for a in client.iter_articles()}
        self.assertEqual(listed, {stored.article_id, streamed.article_id})

    def test_no_token_is_unauthenticated_and_stores_nothing(self):
        client = self.client()
        with self.assertRaises(grpc.RpcError) as caught:
            client.ingest_text(ARTICLE + "no token\n")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        self.assertIn("authorization", caught.exception.details())
        texts = [a for a in client.iter_articles() if "no token" in a.text]
        self.assertEqual(texts, [])

    def test_wrong_token_is_unauthenticated(self):
        client = self.client(token=self.token + "x")
        self.assertEqual(_code(lambda: client.ingest_text(ARTICLE)),
                         grpc.StatusCode.UNAUTHENTICATED)
        folder = tempfile.mkdtemp(dir=self.dir)
        with open(os.path.join(folder, "a.txt"), "w") as f:
            f.write(ARTICLE)
        self.assertEqual(_code(lambda: list(client.ingest_folder(folder))),
                         grpc.StatusCode.UNAUTHENTICATED)

    def test_health_needs_no_token(self):
        self.assertEqual(self.client().health("ingest"), "SERVING")


class MutualTlsTest(unittest.TestCase):
    """parley-ingest with mutual TLS and a token; parley-query with TLS."""

    @classmethod
    def setUpClass(cls):
        _token_and_pki(cls, pki=True)
        serve = ["--tls-cert", cls.pki("server.pem"), "--tls-key", cls.pki("server.key")]
        cls.services = Services(
            ingest_args=serve + ["--tls-client-ca", cls.pki("ca.pem"),
                                 "--auth-token-file", cls.token_file],
            query_args=serve,
            client_options=cls.full_options())
        cls.services.__enter__()
        cls.addClassCleanup(cls.services.__exit__)

    @classmethod
    def pki(cls, name):
        return os.path.join(cls.dir, name)

    @classmethod
    def full_options(cls):
        return {"tls_ca": cls.pki("ca.pem"), "tls_cert": cls.pki("client.pem"),
                "tls_key": cls.pki("client.key")}

    def client(self, **options):
        client = Client(self.services.ingest_addr, self.services.query_addr, timeout=5,
                        **options)
        self.addCleanup(client.close)
        return client

    def test_ca_client_cert_and_token_reach_both_services(self):
        client = self.client(token=self.token, **self.full_options())
        stored = client.ingest_text(ARTICLE)
        self.assertGreater(stored.article_id, 0)
        self.assertIn(stored.article_id, {a.id for a in client.iter_articles()})

    def test_ca_alone_reaches_the_server_only_tls_query_service(self):
        client = self.client(tls_ca=self.pki("ca.pem"))
        self.assertEqual(client.health("query"), "SERVING")

    def test_server_name_override_is_checked_against_the_certificate(self):
        right = self.client(tls_ca=self.pki("ca.pem"), tls_server_name="localhost")
        self.assertEqual(right.health("query"), "SERVING")
        wrong = self.client(tls_ca=self.pki("ca.pem"), tls_server_name="wrong.example")
        self.assertEqual(_code(lambda: wrong.health("query")), grpc.StatusCode.UNAVAILABLE)

    def test_plaintext_client_is_unavailable(self):
        client = self.client()
        self.assertEqual(_code(lambda: client.health("query")), grpc.StatusCode.UNAVAILABLE)

    def test_untrusted_ca_is_unavailable(self):
        client = self.client(tls_ca=self.pki("other-ca.pem"))
        self.assertEqual(_code(lambda: client.health("query")), grpc.StatusCode.UNAVAILABLE)

    def test_no_client_cert_is_unavailable_on_mutual_tls(self):
        client = self.client(tls_ca=self.pki("ca.pem"), token=self.token)
        self.assertEqual(_code(lambda: client.ingest_text(ARTICLE)),
                         grpc.StatusCode.UNAVAILABLE)

    def test_client_cert_without_token_is_unauthenticated(self):
        client = self.client(**self.full_options())
        self.assertEqual(_code(lambda: client.ingest_text(ARTICLE)),
                         grpc.StatusCode.UNAUTHENTICATED)


class SecurityOptionsWithoutServerTest(unittest.TestCase):
    def test_cert_without_key_names_tls_key(self):
        with self.assertRaisesRegex(ValueError, "^tls_key: needed with tls_cert"):
            Client("127.0.0.1:1", tls_cert=__file__)

    def test_unreadable_ca_names_tls_ca(self):
        with self.assertRaisesRegex(ValueError, "^tls_ca: /nonexistent/ca.pem: "):
            Client("127.0.0.1:1", tls_ca="/nonexistent/ca.pem")

    def test_ca_that_is_not_pem_names_tls_ca(self):
        with self.assertRaisesRegex(ValueError, "^tls_ca: .*no PEM certificate"):
            Client("127.0.0.1:1", tls_ca=__file__)

    def test_token_with_a_space_or_empty_names_token(self):
        for bad in ("two words", "  \n", "caf\u00e9"):
            with self.assertRaisesRegex(ValueError, "^token: "):
                Client("127.0.0.1:1", token=bad)


if __name__ == "__main__":
    unittest.main()
