"""How the engine lane runs vLLM on a CPU of two cores (tests/engine, `make bench-engine`); no Django here."""
import os

# 1 GiB of KV cache is ample for the tiny model (1 KB a token); threads unpinned, as a shared CI machine wants; nothing
# reaches for the hub or reports usage. What is set already wins.
ENGINE_ENV = {
    "VLLM_CPU_KVCACHE_SPACE": "1",
    "VLLM_CPU_OMP_THREADS_BIND": "nobind",
    "VLLM_NO_USAGE_STATS": "1",
    "DO_NOT_TRACK": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def use_engine_env() -> None:
    for name, value in ENGINE_ENV.items():
        os.environ.setdefault(name, value)
