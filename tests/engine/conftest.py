"""The engine lane (`-m engine`, in .venv-engine): the real vLLM engine on the CPU, on a tiny Qwen3 built here.

`make test` runs this lane in its own virtualenv (requirements/cpu-engine.txt); the main run leaves it out. Where
vllm cannot be imported these tests fail: the lane is asked for only where it is installed.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.cpu_env import use_engine_env

ROOT = Path(__file__).resolve().parent.parent.parent
use_engine_env()  # before any worker starts: they inherit it


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """scripts/tiny_qwen3.py's model, built once per run (a few seconds), as a user would build it."""
    out = tmp_path_factory.mktemp("tiny-qwen3")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "tiny_qwen3.py"), str(out)], check=True, cwd=ROOT)
    return out


@pytest.fixture
def routing(settings):
    """This process routes as the lane's gpu worker does: the same model length, answer room and local limit."""
    from tests.engine.chain import LOCAL_MAX_TOKENS, MAX_MODEL_LEN, OUTPUT_TOKENS

    settings.VLLM_MAX_MODEL_LEN, settings.LLM_MAX_OUTPUT_TOKENS = MAX_MODEL_LEN, OUTPUT_TOKENS
    settings.LOCAL_MAX_TOKENS = LOCAL_MAX_TOKENS
