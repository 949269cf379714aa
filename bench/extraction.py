"""Extraction on CPU: each per-posting stage around the model, and engine calls per 1,000 postings on PostgreSQL.

1. Routing (tiktoken count), prompt building, output parsing, grounding + normalisation over the real postings in
   tests/fixtures (cycled), each with its labelled answer standing in for the model's: postings/s per stage.
2. jobs_extract_local with LOCAL_BATCH_SIZE driving VLLMEngine over a CPU stand-in for vllm.LLM, until the queue
   is empty: engine calls per 1,000 postings (about 1,000 / batch size when batching works), also with one
   posting the engine refuses, which the service isolates by halving its batch.

Run it with `make bench-extraction` (fresh PostgreSQL and Redis from scripts/with_servers.sh).
"""
import argparse
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.report import print_table  # noqa: E402
from tests.fixture_postings import cycled, fixture_postings  # noqa: E402

REFUSED = "\n(refused by the stand-in engine)"  # marks the posting the stand-in raises vllm's ValueError for


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--postings", type=int, default=2000, help="postings through the CPU stages (default 2000)")
    parser.add_argument("--jobs", type=int, default=1000, help="queued jobs the stand-in engine extracts (default 1000)")
    return parser.parse_args(argv)


def cpu_stages(postings, *, local_limit: int) -> list[tuple]:
    """Each stage over every posting, timed alone, in one process: what one posting costs around the model."""
    from extraction.cascade import fields_from_result
    from extraction.engines.base import parse_fields
    from extraction.prompt import build_messages
    from extraction.routing import prompt_tokens, route

    # The tiktoken encoding and pydantic's validators load on first use; keep that out of the figures.
    prompt_tokens(text=postings[0].text, known={})
    parse_fields(postings[0].answer)

    timings = []
    started = time.perf_counter()
    routes = [route(prompt_tokens(text=p.text, known={}), local_limit=local_limit) for p in postings]
    timings.append(("route: prompt tokens (tiktoken cl100k) + local/cloud", time.perf_counter() - started))
    started = time.perf_counter()
    for p in postings:
        build_messages(text=p.text, known={})
    timings.append(("prompt building (as the engine does per call)", time.perf_counter() - started))
    started = time.perf_counter()
    parsed = [parse_fields(p.answer)[0] for p in postings]
    timings.append(("output parsing (JSON + JobFields validation)", time.perf_counter() - started))
    started = time.perf_counter()
    for posting, fields in zip(postings, parsed):
        fields_from_result(source={}, source_label="source", result_fields=fields, engine_label="local_llm", text=posting.text)
    timings.append(("grounding + normalisation (fields_from_result)", time.perf_counter() - started))
    timings.append(("all four", sum(seconds for _, seconds in timings)))

    n = len(postings)
    rows = [(label, f"{seconds:.3f}", f"{seconds / n * 1e6:,.1f}", f"{n / seconds:,.0f}") for label, seconds in timings]
    print(f"  routes: {dict(Counter(routes))}; answers parsed: {sum(f is not None for f in parsed)}/{n}")
    return rows


def engine_calls(postings, *, jobs: int, batch: int, refused: int) -> tuple:
    """Queue `jobs` postings (the first `refused` of them refused by the engine) and extract them all."""
    from extraction.engines.vllm_engine import VLLMEngine
    from extraction.local_batches import jobs_extract_local
    from jobscraper.models import Job
    from tests.builders import plain_company
    from tests.extraction.stand_in_llm import StandInLLM

    company = plain_company(f"Bench{refused}Refused")
    texts = [p.text + (REFUSED if i < refused else "") for i, p in enumerate(cycled(postings, jobs))]
    created = Job.objects.bulk_create(
        Job(company=company, external_id=f"bench-{i}", content_hash=f"bench-{refused}-{i}", raw_content=text,
            extraction_state=Job.ExtractionState.QUEUED_LOCAL, token_count=len(text) // 4)
        for i, text in enumerate(texts)
    )
    answers = {p.text: p.answer for p in postings}
    llm = StandInLLM(answer=answers.get, poison=lambda text: text.endswith(REFUSED))
    engine = VLLMEngine(
        model="stand-in", llm_factory=lambda **kwargs: llm,
        sampling_params=SimpleNamespace(temperature=0.0, max_tokens=1024),
    )
    tasks = 0
    started = time.perf_counter()
    while jobs_extract_local(engine=engine, limit=batch):
        tasks += 1
    wall = time.perf_counter() - started
    states = Counter(Job.objects.filter(pk__in=[job.pk for job in created]).values_list("extraction_state", flat=True))
    calls = len(llm.calls)
    return (
        f"{refused} refused", jobs, batch, tasks, calls, f"{calls / jobs * 1000:.1f}", f"{1000 / batch:.1f}",
        f"{wall:.2f}", f"{jobs / wall:,.0f}", ", ".join(f"{state} {count}" for state, count in sorted(states.items())),
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    servers_required("extraction.py", "bench-extraction")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from jobscraper.models import Job

    call_command("migrate", verbosity=0, interactive=False)
    # Per-batch log lines, and the refused posting's expected errors, would break up the tables.
    logging.getLogger("extraction").setLevel(logging.CRITICAL)
    if Job.objects.exists():
        sys.exit("bench/extraction.py needs an empty database: `make bench-extraction` gives it a fresh one.")
    postings = fixture_postings()
    print(f"\njobscraper extraction benchmark (CPU): {len(postings)} real postings from tests/fixtures, cycled")
    print(f"  machine   {machine_summary()}")

    print_table(
        f"Per-posting stages around the model, {args.postings:,} postings, one process, no database",
        ("stage", "total s", "µs/posting", "postings/s"),
        cpu_stages(cycled(postings, args.postings), local_limit=settings.LOCAL_MAX_TOKENS),
    )
    rows = [engine_calls(postings, jobs=args.jobs, batch=settings.LOCAL_BATCH_SIZE, refused=refused) for refused in (0, 1)]
    print_table(
        "jobs_extract_local until the queue is empty: VLLMEngine over a CPU stand-in for vllm.LLM, on PostgreSQL",
        ("scenario", "jobs", "batch", "tasks", "engine calls", "calls/1,000", "1,000/batch", "wall s", "jobs/s",
         "end states"),
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
