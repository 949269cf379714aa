"""The project's VLLMEngine on a real GPU: FP8 weights and KV cache, 256 real postings in one call, a restart after
its engine core dies. Skipped without a CUDA device, vllm or a model directory (tests/gpu/README.md).
"""
import os
import shutil
import signal
from pathlib import Path

import pytest

from extraction.engines import BatchError, ExtractionRequest
from extraction.engines.vllm_engine import VLLMEngine
from tests.fixture_postings import cycled, fixture_postings
from tests.polling import wait_for

pytestmark = pytest.mark.gpu

BATCH = 256  # postings in the one call: four times the default LOCAL_BATCH_SIZE
# Each way a checkpoint reaches FP8: the variable naming its directory, and the quantization it is loaded with.
CHECKPOINTS = {
    "block-fp8": ("JOBSCRAPER_GPU_MODEL", None),  # pre-quantised, as Qwen/Qwen3-4B-Instruct-2507-FP8 ships
    "bf16-fp8-at-load": ("JOBSCRAPER_GPU_MODEL_BF16", "fp8"),
}
HANG_TIMEOUT = 600  # seconds: an engine call that never returns fails the test instead of hanging the device
CORE_EXIT_TIMEOUT = 30  # seconds for a killed engine-core process to be gone


@pytest.fixture(scope="module", params=list(CHECKPOINTS))
def engine(request):
    variable, quantization = CHECKPOINTS[request.param]
    if shutil.which("nvidia-smi") is None:
        pytest.skip("no CUDA device here (no nvidia-smi)")
    pytest.importorskip("vllm", reason="vllm is not installed (tests/gpu/README.md)")
    model = os.environ.get(variable)
    if not model:
        pytest.skip(f"set {variable} to a model directory (tests/gpu/README.md)")
    # Eager mode: CUDA-graph capture would add a minute to each load and proves nothing here.
    engine = VLLMEngine(
        model=model, quantization=quantization, kv_cache_dtype="fp8", max_model_len=8192, enforce_eager=True
    )
    yield engine
    engine.close()  # the next checkpoint loads in the same process: its memory must be given back


@pytest.fixture
def hang_guard():
    def hung(signum, frame):
        pytest.fail(f"an engine call did not return within {HANG_TIMEOUT} s")  # not an Exception: nothing catches it

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_TIMEOUT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def requests_for(count: int) -> tuple[list, list[ExtractionRequest]]:
    postings = cycled(fixture_postings(), count)
    return postings, [ExtractionRequest(key=index, text=posting.text) for index, posting in enumerate(postings)]


def test_one_call_extracts_256_real_postings(engine, hang_guard):
    postings, requests = requests_for(BATCH)

    results = engine.extract(requests)

    # then every answer parsed into JobFields
    failed = [f"{postings[r.key].name}: {r.error}" for r in results if r.fields is None]
    assert not failed, f"{len(failed)} of {BATCH} did not parse, e.g. " + "; ".join(failed[:3])
    # and the batch's tokens in and out are reported, per posting and in all
    stats = engine.last_batch
    print(f"\n{engine.describe()}, quantization={engine.llm_kwargs['quantization']}: {stats}")
    assert stats.prompts == BATCH
    assert all(r.tokens_in > 0 and r.tokens_out > 0 for r in results)
    assert (stats.tokens_in, stats.tokens_out) == (sum(r.tokens_in for r in results), sum(r.tokens_out for r in results))


def test_an_engine_whose_core_died_is_restarted(engine, hang_guard):
    # given the engine's core process killed, as a fatal CUDA error or the OOM killer would
    [core] = engine_core_pids()
    os.kill(core, signal.SIGKILL)
    wait_for(lambda: engine_core_pids() != [core], CORE_EXIT_TIMEOUT, error=None)  # then on, gone or not

    # when the next batch comes: it fails, and the dead engine is let go
    _, requests = requests_for(16)
    with pytest.raises(BatchError, match="the engine is restarted"):
        engine.extract(requests)

    # then the batch after it runs on a new engine
    results = engine.extract(requests)
    assert all(r.fields is not None for r in results), [r.error for r in results if r.fields is None][:3]
    assert engine.restarts == 1
    assert engine_core_pids() not in ([], [core])


def engine_core_pids() -> list[int]:
    """Live vllm engine-core processes (vllm titles them VLLM::EngineCore; a dead one's command line is empty)."""
    cores = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"EngineCore" in cmdline.read_bytes():
                cores.append(int(cmdline.parent.name))
        except OSError:
            continue  # exited while we looked
    return sorted(cores)
