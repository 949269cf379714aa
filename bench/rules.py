"""CPU cost of the no-LLM cascade per posting: the rules engine and fields_from_result (grounding, merge) over the
real postings under tests/fixtures (cycled), in process CPU time, which other processes on the machine do not add to.

A first pass over every distinct posting loads the gazetteers and dateparser's languages, as a worker does once per
process: reported apart.
Command: `.venv/bin/python bench/rules.py [--postings N]` (no database, no servers).
"""
import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and tests/ become importable

from extraction.cascade import fields_from_result  # noqa: E402
from extraction.engines.base import ExtractionRequest  # noqa: E402
from extraction.engines.rules import RulesEngine  # noqa: E402
from tests.fixture_postings import cycled, fixture_postings  # noqa: E402

FETCHED = datetime(2026, 12, 1, 12)


def _request(key: int, text: str) -> ExtractionRequest:
    # Set after construction so that the script also runs on code from before `fetched_at` (BENCHMARKS' "before").
    request = ExtractionRequest(key=key, text=text)
    request.fetched_at = FETCHED
    return request


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest is reported (default 3)")
    args = parser.parse_args(argv)
    engine = RulesEngine()
    postings = cycled(fixture_postings(), args.postings)

    started = time.process_time()
    engine.extract([_request(index, posting.text) for index, posting in enumerate(fixture_postings())])
    first = time.process_time() - started

    best = None
    for _ in range(args.repeat):
        started = time.process_time()
        requests = [_request(index, posting.text) for index, posting in enumerate(postings)]
        for posting, result in zip(postings, engine.extract(requests), strict=True):
            fields_from_result(source={}, source_label="page", result_fields=result.fields, engine_label="rules",
                               text=posting.text)
        seconds = time.process_time() - started
        best = seconds if best is None else min(best, seconds)
    print(f"postings: {len(postings)} ({len(fixture_postings())} real postings cycled), runs: {args.repeat}")
    print(f"first pass over the distinct postings (loads the tables): {first * 1000:,.0f} ms CPU")
    print(f"rules engine + fields_from_result: {best / len(postings) * 1e6:,.0f} µs CPU per posting, "
          f"{len(postings) / best:,.0f} postings/s on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
