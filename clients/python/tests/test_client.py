"""parley_client against the real services (see services.py)."""

import datetime
import os
import shutil
import tempfile
import unittest

import grpc

from parley_client import Client
from tests.services import Services

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.environ.get("PARLEY_SEEDS_DIR",
                       os.path.join(HERE, "..", "..", "..", "..", "shared", "seeds"))

# Two short wire reports of two different calls, so that pagination with a
# page size of 1 has at least two pages whatever the seeds hold.
ARTICLES = {
    "xi_macron.txt": (
        "Xi Jinping holds phone talks with Emmanuel Macron\n\n"
        "BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held "
        "a phone call with French President Emmanuel Macron on Wednesday, "
        "discussing climate change and trade.\n"),
    "moon_trump.txt": (
        "Moon Jae-in talks with Donald Trump by phone\n\n"
        "SEOUL, May 8, 2018 (Yonhap) -- South Korean President Moon Jae-in "
        "held a telephone conversation with U.S. President Donald Trump on "
        "Tuesday about the Korean Peninsula.\n"),
}


class ClientAgainstServicesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.services = Services().__enter__()
        cls.client = Client(cls.services.ingest_addr, cls.services.query_addr)
        cls.folder = tempfile.mkdtemp(prefix="parley-py-articles-")
        for name, text in ARTICLES.items():
            with open(os.path.join(cls.folder, name), "w") as f:
                f.write(text)
        if os.path.isdir(SEEDS):
            shutil.copytree(SEEDS, os.path.join(cls.folder, "seeds"))
        cls.responses = list(cls.client.ingest_folder(cls.folder))

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.services.__exit__()
        shutil.rmtree(cls.folder)

    def test_folder_stream_answers_every_file_in_order(self):
        names = sorted(os.path.relpath(os.path.join(d, n), self.folder)
                       for d, _, ns in os.walk(self.folder) for n in ns
                       if n.endswith(".txt"))
        self.assertEqual([r.request_id for r in self.responses], names)
        for r in self.responses:
            self.assertFalse(r.HasField("error"), f"{r.request_id}: {r.error}")
            self.assertGreater(r.article_id, 0, r.request_id)

    def test_iter_calls_pages_through_exactly_the_ingested_calls(self):
        ingested = {c.id for r in self.responses for c in r.events.calls}
        self.assertGreaterEqual(len(ingested), 2, "each written article reports a call")
        listed = [c.id for c in self.client.iter_calls(page_size=1)]
        self.assertEqual(listed, sorted(listed), "pages are ordered by id")
        self.assertEqual(len(listed), len(set(listed)), "no call twice across pages")
        self.assertEqual(set(listed), ingested)

    def test_first_page_of_one_has_a_next_token(self):
        from parley_client.gen.parley.v1 import query_service_pb2 as q
        stub = self.client._query_stub()
        page = stub.ListCalls(q.ListCallsRequest(page_size=1), timeout=10)
        self.assertEqual(len(page.calls), 1)
        self.assertNotEqual(page.next_page_token, "")

    def test_iter_articles_lists_each_ingested_article_once(self):
        ingested = {r.article_id for r in self.responses}
        listed = [a.id for a in self.client.iter_articles(page_size=2)]
        self.assertEqual(sorted(listed), sorted(ingested))

    def test_date_range_filter_takes_python_dates(self):
        march_2021 = (datetime.date(2021, 3, 1), datetime.date(2021, 3, 31))
        calls = list(self.client.iter_calls(date_range=march_2021))
        self.assertTrue(calls, "the Xi-Macron call is dated 2021-03-03")
        for call in calls:
            self.assertEqual((call.date.year, call.date.month), (2021, 3))
        everything = list(self.client.iter_calls())
        self.assertLess(len(calls), len(everything))

    def test_same_text_again_is_a_duplicate_of_the_same_article(self):
        text = ARTICLES["xi_macron.txt"]
        first = next(r for r in self.responses if r.request_id == "xi_macron.txt")
        again = self.client.ingest_text(text, request_id="again")
        self.assertTrue(again.duplicate)
        self.assertEqual(again.article_id, first.article_id)
        self.assertEqual(again.request_id, "again")

    def test_get_call_returns_a_listed_call(self):
        call = next(iter(self.client.iter_calls()))
        self.assertEqual(self.client.get_call(call.id), call)

    def test_empty_text_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.ingest_text("")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_negative_page_size_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as caught:
            list(self.client.iter_calls(page_size=-1))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("page_size", caught.exception.details())

    def test_both_services_report_serving(self):
        self.assertEqual(self.client.health("ingest"), "SERVING")
        self.assertEqual(self.client.health("query"), "SERVING")


class ClientWithoutServerTest(unittest.TestCase):
    def test_non_utf8_file_is_refused_before_anything_is_sent(self):
        folder = tempfile.mkdtemp(prefix="parley-py-bad-")
        self.addCleanup(shutil.rmtree, folder)
        with open(os.path.join(folder, "bad.txt"), "wb") as f:
            f.write(b"caf\xe9 au lait")
        # Port 1 on loopback: nothing listens; the error must come first.
        with Client(ingest_addr="127.0.0.1:1") as client:
            with self.assertRaisesRegex(ValueError, "bad.txt: not UTF-8"):
                list(client.ingest_folder(folder))

    def test_unknown_filter_names_the_field(self):
        with Client(query_addr="127.0.0.1:1") as client:
            with self.assertRaisesRegex(ValueError, "participnt"):
                list(client.iter_calls(participnt="Xi"))

    def test_query_method_without_query_addr_is_a_clear_error(self):
        with Client(ingest_addr="127.0.0.1:1") as client:
            with self.assertRaisesRegex(ValueError, "no query_addr"):
                list(client.iter_calls())


if __name__ == "__main__":
    unittest.main()
