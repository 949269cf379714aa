"""The in-process vLLM engine: one model held for the worker's life, many prompts per call.

vllm is imported only when this engine is built (in the gpu worker); CPU machines never need it.
"""
import logging
import time

from extraction.prompt import build_messages
from extraction.schema import job_fields_json_schema

from .base import Engine, EngineError, ExtractionRequest, ExtractionResult, elapsed_ms, parse_fields

logger = logging.getLogger(__name__)


def default_sampling_params(*, max_tokens: int):
    from vllm import SamplingParams
    from vllm.sampling_params import StructuredOutputsParams

    return SamplingParams(
        temperature=0.0,
        max_tokens=max_tokens,
        structured_outputs=StructuredOutputsParams(json=job_fields_json_schema(), disable_any_whitespace=True),
    )


class VLLMEngine(Engine):
    name = "vllm"
    label = "local_llm"

    def __init__(
        self,
        *,
        model: str,
        max_model_len: int = 8192,
        kv_cache_dtype: str = "fp8",
        quantization: str | None = None,
        gpu_memory_utilization: float = 0.85,
        max_output_tokens: int = 1024,
        llm=None,
        sampling_params=None,
    ):
        """`llm` and `sampling_params` may be given (a stand-in with vllm.LLM's `chat` signature on CPU)."""
        self.model = model
        self.max_model_len = max_model_len
        if llm is None:
            from vllm import LLM

            # quantization=None: the -FP8 checkpoint carries its own block-FP8 config; "fp8" quantises a
            # bf16 checkpoint at load time.
            llm = LLM(
                model=model,
                max_model_len=max_model_len,
                kv_cache_dtype=kv_cache_dtype,
                quantization=quantization,
                gpu_memory_utilization=gpu_memory_utilization,
            )
        self.llm = llm
        self.sampling_params = sampling_params or default_sampling_params(max_tokens=max_output_tokens)

    def describe(self) -> str:
        return f"vllm ({self.model}, max_model_len={self.max_model_len})"

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        if not requests:
            return []
        conversations = [build_messages(text=r.text, known=r.known) for r in requests]
        started = time.perf_counter()
        try:
            outputs = self.llm.chat(conversations, self.sampling_params, use_tqdm=False)
        except Exception as exc:  # CUDA OOM, a dead engine core: the whole batch goes back
            raise EngineError(f"vllm generate failed for a batch of {len(requests)}: {exc.__class__.__name__}: {exc}") from exc
        batch_ms = elapsed_ms(started)
        if len(outputs) != len(requests):
            raise EngineError(f"vllm returned {len(outputs)} outputs for {len(requests)} prompts")
        results = []
        for request, output in zip(requests, outputs):
            completion = output.outputs[0] if output.outputs else None
            text = completion.text if completion else ""
            fields, error = parse_fields(text)
            if completion is not None and getattr(completion, "finish_reason", None) == "length" and fields is None:
                error = f"output cut at the token limit: {error}"
            results.append(
                ExtractionResult(
                    key=request.key,
                    fields=fields,
                    error=error,
                    tokens_in=len(output.prompt_token_ids or []),
                    tokens_out=len(completion.token_ids) if completion else 0,
                    latency_ms=batch_ms,  # one call served the whole batch
                )
            )
        logger.info(
            "vllm batch: %d prompts, %d tokens in, %d out, %d ms",
            len(requests), sum(r.tokens_in for r in results), sum(r.tokens_out for r in results), batch_ms,
        )
        return results
