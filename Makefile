# The two commands of README's quick start, and the benchmark.
.PHONY: demo lint test test-main test-engine test-busy bench bench-scrape bench-listing bench-clustering bench-rescrape bench-extraction bench-engine bench-operations bench-rates loadtest

demo:  ## whole pipeline on SQLite + local Redis + bundled demo site, at http://127.0.0.1:8000
	bash scripts/demo.sh

test: test-main test-engine  ## both lanes, as CI runs them

lint:  ## lint-imports: the layers import one way, the engine needs no Django (contracts in .importlinter)
	bash -c 'source scripts/lib.sh && ensure_venv requirements/dev.txt'
	.venv/bin/lint-imports --no-cache

test-main: lint  ## pytest against real PostgreSQL and Redis on private loopback ports (PYTEST_ARGS for a subset)
	@# --reuse-db: the database server is new each run, so skipping teardown loses nothing and
	@# avoids a spurious warning when the live-server thread still holds a connection.
	bash scripts/with_servers.sh .venv/bin/python -m pytest --reuse-db $(PYTEST_ARGS)

test-engine:  ## the engine lane: the real vLLM engine (CPU build, .venv-engine) and gpu worker on a tiny random Qwen3
	bash scripts/with_servers.sh --engine .venv-engine/bin/python -m pytest --reuse-db -m engine tests/engine $(ENGINE_PYTEST_ARGS)

test-busy:  ## make test with two CPU-bound processes beside it, as on a shared CI machine (tests/timing.py)
	bash scripts/busy.sh 2 $(MAKE) test

bench:  ## bench/pipeline.py on real PostgreSQL, Redis and Celery workers
	bash scripts/with_servers.sh .venv/bin/python bench/pipeline.py $(BENCH_ARGS)

bench-scrape:  ## bench/scrape.py: loopback career sites through real scrape workers (first, again, one at a time)
	bash scripts/with_servers.sh .venv/bin/python bench/scrape.py $(BENCH_ARGS)

bench-rescrape:  ## bench/rescrape.py: one loopback Greenhouse board of 2,000 postings re-scraped unchanged; postings/s, job rows written
	bash scripts/with_servers.sh .venv/bin/python bench/rescrape.py $(BENCH_ARGS)

bench-extraction:  ## bench/extraction.py: per-posting CPU stages around the model; engine calls per 1,000 (stand-in vllm)
	bash scripts/with_servers.sh .venv/bin/python bench/extraction.py $(BENCH_ARGS)

bench-engine:  ## bench/gpu_extraction.py on the CPU: the real vLLM engine on the tiny random Qwen3, one at a time vs batch 64
	bash -c 'source scripts/lib.sh && ensure_engine_venv'
	.venv-engine/bin/python scripts/tiny_qwen3.py var/tiny-qwen3
	.venv-engine/bin/python bench/gpu_extraction.py var/tiny-qwen3 --cpu --max-model-len 4096 --max-output-tokens 256 \
	  --one-at-a-time 64 --sizes 64 --postings 64

bench-operations:  ## bench/operations.py: the admin operations page's load time with the three workers up, then one down
	bash scripts/with_servers.sh .venv/bin/python bench/operations.py $(BENCH_ARGS)

bench-rates:  ## bench/exchange_rates.py: converting 100,000 salaries in PostgreSQL, all of them vs a daily refresh's
	bash scripts/with_servers.sh .venv/bin/python bench/exchange_rates.py $(BENCH_ARGS)

bench-listing:  ## bench/listing.py: 500,000 jobs in PostgreSQL, then list/search/deep-page/detail latency p50/p95/p99
	bash scripts/with_servers.sh .venv/bin/python bench/listing.py $(BENCH_ARGS)

bench-clustering:  ## bench/clustering.py: 500,000 jobs over 20,000 employers; job_cluster ms per new posting, list p95 before/after clusters
	bash scripts/with_servers.sh .venv/bin/python bench/clustering.py $(BENCH_ARGS)

loadtest:  ## bench/loadtest.py: gunicorn (DEBUG off) on loopback under wrk for 3 minutes; requests/s, p99, errors, memory
	bash -c 'source scripts/lib.sh && ensure_debian_packages wrk=wrk'
	bash scripts/with_servers.sh .venv/bin/python bench/loadtest.py $(BENCH_ARGS)
