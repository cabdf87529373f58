#!/usr/bin/env python3
"""Ingests a folder of articles, then prints the calls of one participant.

    PYTHONPATH=clients/python /usr/bin/python3 \
        clients/python/examples/calls_by_participant.py \
        --ingest 127.0.0.1:50051 --query 127.0.0.1:50052 \
        --folder /work/shared/seeds --participant "Hu Jintao"
"""

import argparse

from parley_client import Client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", default="127.0.0.1:50051")
    parser.add_argument("--query", default="127.0.0.1:50052")
    parser.add_argument("--folder", help="folder of .txt articles to ingest first")
    parser.add_argument("--participant", default="")
    args = parser.parse_args()

    with Client(args.ingest, args.query) as parley:
        if args.folder:
            for response in parley.ingest_folder(args.folder):
                state = response.error.message or (
                    "duplicate" if response.duplicate else "stored")
                print(f"{response.request_id}: article {response.article_id} {state}")
        for call in parley.iter_calls(participant=args.participant):
            who = " / ".join(p.name for p in call.participants)
            when = f"{call.date.year:04}-{call.date.month:02}-{call.date.day:02}" \
                if call.HasField("date") else "undated"
            print(f"call {call.id} {when}: {who}; topics: {', '.join(call.topics)}")


if __name__ == "__main__":
    main()
