"""GPU throughput of the project's VLLMEngine with our prompts and schema: batch sizes, one at a time, GPU memory.

Runs on the lent GPU machine (Python 3.12, torch, no Django) once tests/gpu/README.md's setup has unpacked vLLM
into /tmp/site and written the random-weight models; in the same device command:

    export PYTHONPATH=/tmp/site:$PWD HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 VLLM_NO_USAGE_STATS=1 DO_NOT_TRACK=1
    python3 bench/gpu_extraction.py /tmp/m_fp8                       # pre-quantised block-FP8 checkpoint
    python3 bench/gpu_extraction.py /tmp/m_bf16 --quantization fp8   # bf16 checkpoint, FP8 at load time

On a CPU, `make bench-engine` runs it in .venv-engine (vLLM's CPU build) on scripts/tiny_qwen3.py's model with
--cpu: its figures show that batching works on these cores, not a GPU's speed. Anywhere else
`python bench/gpu_extraction.py --dry-run` runs the same code against a CPU stand-in for vllm.LLM (its figures measure
nothing but this script). Random weights give random answers: the figures are the engine's
speed with our prompt and schema, not extraction quality.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable

from bench.machine import machine_summary  # noqa: E402
from bench.report import print_table  # noqa: E402
from extraction.engines import ExtractionRequest  # noqa: E402
from extraction.engines.vllm_engine import VLLMEngine  # noqa: E402
from tests.fixture_postings import cycled, fixture_postings  # noqa: E402

WARM_UP = 4  # postings in an untimed first call: grammar compilation and first-use kernels stay out of the figures


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("model", nargs="?", help="model directory (a checkpoint vllm loads offline)")
    parser.add_argument("--quantization", choices=["fp8"], help="fp8: quantise a bf16 checkpoint at load time")
    parser.add_argument("--sizes", default="16,64,256", help="batch sizes, comma-separated (default 16,64,256)")
    parser.add_argument("--postings", type=int, default=256, help="postings run at each batch size (default 256)")
    parser.add_argument(
        "--one-at-a-time", type=int, default=16,
        help="postings run one per call, batch size 1 (default 16: each call takes seconds on a GPU)",
    )
    parser.add_argument("--max-output-tokens", type=int, default=1024, help="as LLM_MAX_OUTPUT_TOKENS (default 1024)")
    parser.add_argument("--gpu-memory-utilization", type=float, default=0.85, help="as VLLM_GPU_MEMORY_UTILIZATION")
    parser.add_argument("--max-model-len", type=int, default=8192, help="as VLLM_MAX_MODEL_LEN (default 8192)")
    parser.add_argument(
        "--cpu", action="store_true",
        help="vLLM's CPU build, as the engine lane runs it (tests/engine/cpu_env.py; eager mode, no torch.compile)",
    )
    parser.add_argument("--dry-run", action="store_true", help="a CPU stand-in for vllm.LLM: checks the script, no GPU")
    args = parser.parse_args(argv)
    if not args.model and not args.dry_run:
        parser.error("give a model directory, or --dry-run")
    args.sizes = [int(size) for size in args.sizes.split(",")]
    return args


def gpu_memory() -> str:
    """Memory in use on each GPU, as nvidia-smi reports it."""
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.used,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc.__class__.__name__}: no nvidia-smi answer)"
    gpus = [line.split(", ") for line in out.strip().splitlines()]
    return "; ".join(f"{name}: {int(used):,} of {int(total):,} MiB" for name, used, total in gpus)


def engine_build(args, postings) -> VLLMEngine:
    options = dict(
        model=args.model or "dry-run", quantization=args.quantization, max_model_len=args.max_model_len,
        gpu_memory_utilization=args.gpu_memory_utilization, max_output_tokens=args.max_output_tokens,
        enforce_eager=args.cpu,
    )
    if args.dry_run:
        from tests.extraction.stand_in_llm import StandInLLM

        answers = {posting.text: posting.answer for posting in postings}
        options.update(
            llm_factory=lambda **kwargs: StandInLLM(answer=answers.get),
            sampling_params=SimpleNamespace(temperature=0.0, max_tokens=args.max_output_tokens),
        )
    return VLLMEngine(**options)


def run(engine: VLLMEngine, requests: list[ExtractionRequest], size: int) -> tuple:
    """All `requests` in calls of `size`: one row of the table."""
    batches = []
    parsed = 0
    started = time.perf_counter()
    for first in range(0, len(requests), size):
        results = engine.extract(requests[first : first + size])
        parsed += sum(result.fields is not None for result in results)
        batches.append(engine.last_batch)
    wall = time.perf_counter() - started
    tokens_in, tokens_out = sum(b.tokens_in for b in batches), sum(b.tokens_out for b in batches)
    n = len(requests)
    return (
        "one at a time" if size == 1 else f"batch {size}", len(batches), n, f"{wall:.2f}", f"{n / wall:.2f}",
        f"{tokens_in / n:.0f} / {tokens_out / n:.0f}", f"{(tokens_in + tokens_out) / wall:,.0f}",
        f"{tokens_out / wall:,.0f}", f"{statistics.median(b.latency_ms for b in batches):,.0f}", f"{parsed / n:.0%}",
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.cpu:
        from tests.engine.cpu_env import use_engine_env

        use_engine_env()
    postings = fixture_postings()
    print(f"\njobscraper GPU extraction benchmark: {len(postings)} real postings from tests/fixtures, cycled")
    print(f"  machine   {machine_summary()}")
    memory = (lambda: "none: vLLM's CPU build") if args.cpu else gpu_memory
    print(f"  GPU       {memory()} before loading")
    started = time.perf_counter()
    engine = engine_build(args, postings)
    load_s = time.perf_counter() - started
    print(f"  engine    {engine.describe()}, quantization={args.quantization}, "
          f"kv cache {engine.llm_kwargs['kv_cache_dtype'] or 'by platform'}, "
          f"max_output_tokens={args.max_output_tokens}; loaded in {load_s:.1f} s")
    print(f"  GPU       {memory()} after loading (vllm reserves its KV cache up front)")

    def requests(count):
        return [ExtractionRequest(key=i, text=posting.text) for i, posting in enumerate(cycled(postings, count))]

    engine.extract(requests(WARM_UP))
    rows = [run(engine, requests(args.one_at_a_time), 1)] if args.one_at_a_time else []
    rows += [run(engine, requests(args.postings), size) for size in args.sizes]
    print_table(
        "Throughput (wall time of the engine's calls: prompt building, generation, parsing)",
        ("run", "calls", "postings", "wall s", "postings/s", "tokens in/out per posting", "tokens/s in+out",
         "tokens/s out", "median call ms", "parsed"),
        rows,
    )
    print(f"\n  GPU       {memory()} after the runs")
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
