# The two commands of README's quick start, and the benchmark.
.PHONY: demo test test-busy bench bench-scrape bench-listing bench-extraction loadtest

demo:  ## whole pipeline on SQLite + local Redis + bundled demo site, at http://127.0.0.1:8000
	bash scripts/demo.sh

test:  ## pytest against real PostgreSQL and Redis on private loopback ports
	@# --reuse-db: the database server is new each run, so skipping teardown loses nothing and
	@# avoids a spurious warning when the live-server thread still holds a connection.
	bash scripts/with_servers.sh .venv/bin/python -m pytest --reuse-db $(PYTEST_ARGS)

test-busy:  ## make test with two CPU-bound processes beside it, as on a shared CI machine (tests/timing.py)
	bash scripts/busy.sh 2 $(MAKE) test

bench:  ## bench/pipeline.py on real PostgreSQL, Redis and Celery workers
	bash scripts/with_servers.sh .venv/bin/python bench/pipeline.py $(BENCH_ARGS)

bench-scrape:  ## bench/scrape.py: loopback career sites through real scrape workers (first, again, one at a time)
	bash scripts/with_servers.sh .venv/bin/python bench/scrape.py $(BENCH_ARGS)

bench-extraction:  ## bench/extraction.py: per-posting CPU stages around the model; engine calls per 1,000 (stand-in vllm)
	bash scripts/with_servers.sh .venv/bin/python bench/extraction.py $(BENCH_ARGS)

bench-listing:  ## bench/listing.py: 500,000 jobs in PostgreSQL, then list/search/deep-page/detail latency p50/p95/p99
	bash scripts/with_servers.sh .venv/bin/python bench/listing.py $(BENCH_ARGS)

loadtest:  ## bench/loadtest.py: gunicorn (DEBUG off) on loopback under wrk for 3 minutes; requests/s, p99, errors, memory
	bash -c 'source scripts/lib.sh && ensure_debian_packages wrk=wrk'
	bash scripts/with_servers.sh .venv/bin/python bench/loadtest.py $(BENCH_ARGS)
