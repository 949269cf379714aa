"""Builds the engines named in settings; each process holds at most one of each."""
from functools import lru_cache

from django.conf import settings

from jobscraper.provenance import Provenance

from .engines import Engine


class NotConfigured(Exception):
    """The engine asked for cannot be built with the current settings."""


@lru_cache(maxsize=1)
def local_engine() -> Engine:
    """The engine the gpu queue's worker holds (LOCAL_ENGINE): built once per process."""
    return build_local_engine(settings.LOCAL_ENGINE)


def build_local_engine(kind: str) -> Engine:
    """A new local engine of `kind` (one of LOCAL_ENGINE's values), configured by the settings."""
    if kind == "rules":
        from .engines.rules import RulesEngine

        return RulesEngine()
    if kind == "openai":
        from .engines.openai_engine import OpenAIEngine

        return OpenAIEngine(
            base_url=settings.LOCAL_OPENAI_BASE_URL,
            api_key=settings.LOCAL_OPENAI_API_KEY,
            model=settings.LOCAL_OPENAI_MODEL,
            label=Provenance.LOCAL_LLM,
            timeout=settings.OPENAI_TIMEOUT,
            max_attempts=settings.OPENAI_MAX_ATTEMPTS,
            retry_max_wait=settings.OPENAI_RETRY_MAX_WAIT,
            max_output_tokens=settings.LLM_MAX_OUTPUT_TOKENS,
            concurrency=settings.LOCAL_BATCH_SIZE,
        )
    if kind == "vllm":
        from .engines.vllm_engine import VLLMEngine

        return VLLMEngine(
            model=settings.VLLM_MODEL,
            max_model_len=settings.VLLM_MAX_MODEL_LEN,
            kv_cache_dtype=settings.VLLM_KV_CACHE_DTYPE or None,
            quantization=settings.VLLM_QUANTIZATION or None,
            gpu_memory_utilization=settings.VLLM_GPU_MEMORY_UTILIZATION,
            enforce_eager=settings.VLLM_ENFORCE_EAGER,
            max_output_tokens=settings.LLM_MAX_OUTPUT_TOKENS,
        )
    raise NotConfigured(f"LOCAL_ENGINE={kind!r} is not one of: vllm, openai, rules")


@lru_cache(maxsize=1)
def cloud_engine() -> Engine:
    if not settings.OPENAI_API_KEY:
        raise NotConfigured("cloud not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_MODEL)")
    from .engines.openai_engine import OpenAIEngine

    return OpenAIEngine(
        base_url=settings.OPENAI_BASE_URL,
        api_key=settings.OPENAI_API_KEY,
        model=settings.OPENAI_MODEL,
        label=Provenance.CLOUD_LLM,
        timeout=settings.OPENAI_TIMEOUT,
        max_attempts=settings.OPENAI_MAX_ATTEMPTS,
        retry_max_wait=settings.OPENAI_RETRY_MAX_WAIT,
        max_output_tokens=settings.LLM_MAX_OUTPUT_TOKENS,
    )
