"""The in-process vLLM engine: one model held for the worker's life, many prompts per call.

vllm (and torch) are imported only when the engine is built or freed, so CPU machines never need them, and
nothing here imports Django: tests/gpu and bench/gpu_extraction.py use this module on a GPU machine without it.
"""
import gc
import logging
import time
from dataclasses import dataclass

from extraction.prompt import build_messages
from extraction.schema import job_fields_json_schema

from .base import (
    CUT_ANSWER, BatchError, Engine, EngineError, ExtractionRequest, ExtractionResult, elapsed_ms, parse_fields,
)

logger = logging.getLogger(__name__)

# vllm raises these for what it was asked, before generating (a prompt longer than max_model_len, a schema its
# grammar backend rejects) and aborts the batch's other requests: the engine is intact. Anything else (its
# EngineDeadError, CUDA out of memory or another CUDA error) may have left the engine unusable: it is rebuilt.
REQUEST_ERRORS = (ValueError, TypeError)
# The engine's grammar backend, for every request: xgrammar really forbids whitespace between JSON tokens (a
# request's own disable_any_whitespace did not hold under the default backend: a model with nothing to say emitted
# newlines until its token cap). Measured on vLLM 0.32 on the CPU; 0.26 on the GPU takes the same setting.
STRUCTURED_OUTPUTS = {"backend": "xgrammar", "disable_any_whitespace": True}
# Deaths with no batch served in between before the engine counts as broken, not crashed by one prompt: halving
# a batch of 256 down to its one bad posting costs log2(256) + 1 = 9 calls that die (each followed by a restart).
MAX_DEATHS_IN_A_ROW = 9


def default_sampling_params(*, max_tokens: int):
    from vllm import SamplingParams
    from vllm.sampling_params import StructuredOutputsParams

    return SamplingParams(
        temperature=0.0,
        max_tokens=max_tokens,
        structured_outputs=StructuredOutputsParams(json=job_fields_json_schema(), disable_any_whitespace=True),
    )


def platform_kv_cache_dtype() -> str:
    """FP8 KV cache where the platform has it (a CUDA GPU; a CPU with AVX-512 or AMX), the model's dtype elsewhere.

    vLLM's CPU attention kills the engine core at start for FP8 KV cache on an AVX2-only CPU.
    """
    import torch

    if torch.cuda.is_available():
        return "fp8"
    # The very checks vLLM's CPU attention makes (vllm/v1/attention/backends/cpu_attn.py).
    return "fp8" if torch.cpu._is_avx512_supported() or torch.cpu._is_amx_tile_supported() else "auto"


def vllm_llm(*, kv_cache_dtype: str | None, **kwargs):
    """vllm.LLM; kv_cache_dtype None: the platform's (platform_kv_cache_dtype)."""
    from vllm import LLM

    return LLM(kv_cache_dtype=kv_cache_dtype or platform_kv_cache_dtype(), **kwargs)


def result_of(request: ExtractionRequest, output, *, latency_ms: int) -> ExtractionResult:
    """One posting's result from vLLM's RequestOutput: its fields, or why there are none."""
    completion = output.outputs[0] if output.outputs else None
    text = completion.text if completion else ""
    fields, error = parse_fields(text)
    if completion is not None and getattr(completion, "finish_reason", None) == "length" and fields is None:
        error = f"{CUT_ANSWER}{error}"
    return ExtractionResult(
        key=request.key,
        fields=fields,
        error=error,
        tokens_in=len(output.prompt_token_ids or []),
        tokens_out=len(completion.token_ids) if completion else 0,
        latency_ms=latency_ms,
    )


@dataclass(frozen=True)
class BatchStats:
    """One engine call: how many prompts, their tokens in and out, and the call's wall time."""

    prompts: int
    tokens_in: int
    tokens_out: int
    latency_ms: int


class VLLMEngine(Engine):
    name = "vllm"
    label = "local_llm"

    def __init__(
        self,
        *,
        model: str,
        max_model_len: int = 8192,
        kv_cache_dtype: str | None = None,
        quantization: str | None = None,
        gpu_memory_utilization: float = 0.85,
        enforce_eager: bool = False,
        max_output_tokens: int = 1024,
        llm_factory=vllm_llm,
        sampling_params=None,
    ):
        """Loads the model now. `llm_factory(**kwargs)` builds the LLM (a stand-in with vllm.LLM's `chat` on CPU).

        kv_cache_dtype None: the platform's (platform_kv_cache_dtype).
        """
        self.model = model
        self.max_model_len = max_model_len
        # A prompt the model's own tokenizer counts past this leaves the answer less than its room: the caller sends
        # it elsewhere (prompt_tokens) instead of having vLLM refuse it.
        self.prompt_limit = max_model_len - max_output_tokens
        # quantization=None: the -FP8 checkpoint carries its own block-FP8 config; "fp8" quantises a bf16
        # checkpoint at load time.
        self.llm_kwargs = dict(
            model=model,
            max_model_len=max_model_len,
            kv_cache_dtype=kv_cache_dtype,
            quantization=quantization,
            gpu_memory_utilization=gpu_memory_utilization,
            enforce_eager=enforce_eager,
            structured_outputs_config=STRUCTURED_OUTPUTS,
        )
        self.llm_factory = llm_factory
        self.llm = llm_factory(**self.llm_kwargs)
        self.sampling_params = sampling_params or default_sampling_params(max_tokens=max_output_tokens)
        self.last_batch: BatchStats | None = None  # read by benchmarks and tests
        self.restarts = 0
        self.deaths_in_a_row = 0

    def describe(self) -> str:
        return f"vllm ({self.model}, max_model_len={self.max_model_len})"

    def prompt_tokens(self, request: ExtractionRequest) -> int:
        """The prompt's length as this model reads it: its own tokenizer, over its own chat template."""
        if self.llm is None:
            self._restart()
        tokenizer = self.llm.get_tokenizer()
        messages = build_messages(text=request.text, known=request.known)
        prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return len(tokenizer.encode(prompt, add_special_tokens=False))

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        if not requests:
            return []
        if self.llm is None:
            self._restart()
        conversations = [build_messages(text=r.text, known=r.known) for r in requests]
        started = time.perf_counter()
        try:
            outputs = self.llm.chat(conversations, self.sampling_params, use_tqdm=False)
        except REQUEST_ERRORS as exc:
            raise BatchError(f"vllm refused a batch of {len(requests)}: {exc.__class__.__name__}: {exc}") from exc
        except Exception as exc:
            raise self._died(exc, batch=len(requests)) from exc
        self.deaths_in_a_row = 0
        batch_ms = elapsed_ms(started)
        if len(outputs) != len(requests):
            raise EngineError(f"vllm returned {len(outputs)} outputs for {len(requests)} prompts")
        # One call served the whole batch: each posting's latency is the batch's.
        results = [result_of(request, output, latency_ms=batch_ms) for request, output in zip(requests, outputs)]
        self.last_batch = BatchStats(
            prompts=len(requests),
            tokens_in=sum(r.tokens_in for r in results),
            tokens_out=sum(r.tokens_out for r in results),
            latency_ms=batch_ms,
        )
        logger.info(
            "vllm batch: %d prompts, %d tokens in, %d out, %d ms",
            self.last_batch.prompts, self.last_batch.tokens_in, self.last_batch.tokens_out, batch_ms,
        )
        return results

    def close(self) -> None:
        """Stop the LLM's engine-core process and give its memory back, GPU memory included."""
        llm, self.llm = self.llm, None
        core = getattr(getattr(llm, "llm_engine", None), "engine_core", None)
        if core is not None:
            # Now, not when a finaliser gets to it: a worker whose exit skips them would leave the core running,
            # holding its memory, with no parent.
            try:
                core.shutdown()
            except Exception:  # a core that died already has nothing left to stop
                logger.warning("vllm engine core did not shut down cleanly", exc_info=True)
        del llm
        gc.collect()  # the LLM sits in reference cycles: only a collection runs its finalisers now
        try:
            import torch
        except ImportError:
            return
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def _died(self, exc: Exception, *, batch: int) -> EngineError:
        """Drop the engine that failed (rebuilt before the next batch); returns what the caller acts on."""
        # Only our reference goes now: the traceback still holds the LLM until the caller is done with it, so
        # its memory is collected in close(), just before the new one loads.
        self.llm = None
        self.deaths_in_a_row += 1
        reason = f"vllm generate failed for a batch of {batch}: {exc.__class__.__name__}: {exc}"
        if self.deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
            # Splitting further would only restart it again for every half. Each later batch still gets a fresh
            # engine, but whole, until one passes.
            return EngineError(f"{reason} (the engine died on {self.deaths_in_a_row} batches in a row)")
        return BatchError(f"{reason} (the engine is restarted)")

    def _restart(self) -> None:
        self.restarts += 1
        logger.warning("restarting the vllm engine (restart %d since the worker started)", self.restarts)
        self.close()
        try:
            self.llm = self.llm_factory(**self.llm_kwargs)
        except Exception as exc:
            raise EngineError(f"vllm engine could not be restarted: {exc.__class__.__name__}: {exc}") from exc
