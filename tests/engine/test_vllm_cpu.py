"""The project's VLLMEngine on the real vLLM engine (its CPU build), on a tiny Qwen3 with random weights.

Random weights answer at random, so nothing here asserts what the model says: only what must hold whatever it says.
"""
import json

import pytest

from extraction.engines import ExtractionRequest
from extraction.engines.base import ANSWER_FAILURES, CUT_ANSWER, INVALID_JSON
from extraction.engines.vllm_engine import VLLMEngine, default_sampling_params, platform_kv_cache_dtype, result_of
from extraction.prompt import build_messages
from tests.fixture_postings import cycled, fixture_postings

pytestmark = pytest.mark.engine

MAX_MODEL_LEN = 4096
OUTPUT_TOKENS = 256


@pytest.fixture(scope="module")
def engine(tiny_model):
    # Eager: torch.compile would add minutes to the start and prove nothing here.
    engine = VLLMEngine(
        model=str(tiny_model), max_model_len=MAX_MODEL_LEN, max_output_tokens=OUTPUT_TOKENS, enforce_eager=True
    )
    yield engine
    engine.close()


def fitting_requests(engine: VLLMEngine, count: int) -> list[ExtractionRequest]:
    """`count` real postings whose prompts the engine takes (the longest fixtures do not fit 4,096 tokens)."""
    fitting = [p for p in fixture_postings() if engine.prompt_tokens(ExtractionRequest(0, p.text)) <= engine.prompt_limit]
    return [ExtractionRequest(key=index, text=posting.text) for index, posting in enumerate(cycled(fitting, count))]


def raw_outputs(engine: VLLMEngine, requests: list[ExtractionRequest]) -> list:
    """vLLM's own RequestOutputs for the requests, with the engine's sampling parameters."""
    conversations = [build_messages(text=r.text, known=r.known) for r in requests]
    return engine.llm.chat(conversations, engine.sampling_params, use_tqdm=False)


def whitespace_outside_strings(text: str) -> int:
    """Characters of JSON whitespace between tokens (what disable_any_whitespace forbids)."""
    count, in_string, escaped = 0, False, False
    for character in text:
        if in_string:
            escaped = not escaped and character == "\\"
            in_string = escaped or character != '"'
        elif character == '"':
            in_string = True
        elif character in " \t\r\n":
            count += 1
    return count


def test_the_engine_runs_with_the_platforms_cache_and_a_grammar_that_forbids_free_whitespace(engine):
    config = engine.llm.llm_engine.vllm_config
    assert config.cache_config.cache_dtype == platform_kv_cache_dtype()  # fp8 needs AVX-512 or AMX on a CPU
    assert (config.structured_outputs_config.backend, config.structured_outputs_config.disable_any_whitespace) == (
        "xgrammar", True,
    )


def test_every_answer_is_our_schema_or_a_failure_that_says_why(engine):
    requests = fitting_requests(engine, 32)

    outputs = raw_outputs(engine, requests)

    # then no answer holds whitespace between its JSON tokens: the grammar, not the token cap, ends each answer
    texts = [output.outputs[0].text for output in outputs]
    assert [whitespace_outside_strings(text) for text in texts] == [0] * len(texts), texts[:3]
    # and each answer becomes fields where strict JSON parsing and the schema accept it, else a failure saying why
    for request, output, text in zip(requests, outputs, texts):
        result = result_of(request, output, latency_ms=0)
        try:
            json.loads(text)  # strict: a raw control character in a string is refused here
            parses = True
        except json.JSONDecodeError:
            parses = False
        assert (result.fields is None) == bool(result.error)
        if result.fields is None:
            assert result.error.startswith(ANSWER_FAILURES), result.error
            cut = output.outputs[0].finish_reason == "length"
            assert result.error.startswith(CUT_ANSWER) == cut, result.error
        else:
            assert parses
        assert result.tokens_in > 0 and result.tokens_out > 0


def test_an_answer_cut_at_the_token_limit_fails_with_the_reason(engine):
    requests = fitting_requests(engine, 8)
    generous = engine.sampling_params
    engine.sampling_params = default_sampling_params(max_tokens=4)  # no answer of our schema fits 4 tokens
    try:
        results = engine.extract(requests)
    finally:
        engine.sampling_params = generous

    assert [r.fields for r in results] == [None] * len(requests)
    assert all(r.error.startswith(CUT_ANSWER + INVALID_JSON) for r in results)
    assert {r.tokens_out for r in results} == {4}


def test_prompt_tokens_counts_what_the_engine_reads(engine):
    requests = fitting_requests(engine, 4) + [ExtractionRequest(key=9, text="Kurz.", known={"title": "Koch (m/w/d)"})]

    outputs = raw_outputs(engine, requests)

    # then the count routing uses is the model's own: the tokens vLLM fed the model for each prompt
    assert [engine.prompt_tokens(r) for r in requests] == [len(o.prompt_token_ids) for o in outputs]


def test_a_batch_of_64_is_answered_in_one_call(engine):
    requests = fitting_requests(engine, 64)

    results = engine.extract(requests)

    assert [r.key for r in results] == list(range(64))
    assert engine.last_batch.prompts == 64
    assert engine.last_batch.tokens_in == sum(r.tokens_in for r in results) > 0
