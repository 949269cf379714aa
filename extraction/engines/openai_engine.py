"""Any OpenAI-compatible endpoint (the cloud, or a `vllm serve`), retried with tenacity."""
import json
import time
from concurrent.futures import ThreadPoolExecutor

import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from extraction.prompt import build_messages
from extraction.schema import job_fields_json_schema

from .base import Engine, EngineError, ExtractionRequest, ExtractionResult, elapsed_ms, parse_fields

# Worth another attempt: rate limits, server errors, timeouts, dropped connections. Never 4xx input errors.
RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
REQUEST_TIMEOUT = 408  # HTTP status: the server timed out waiting for us, a timeout and not an input error


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, RETRYABLE) or (isinstance(exc, openai.APIStatusError) and exc.status_code == REQUEST_TIMEOUT)


class OpenAIEngine(Engine):
    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        label: str = "cloud_llm",
        timeout: float = 60.0,
        max_attempts: int = 5,
        retry_max_wait: float = 30.0,
        max_output_tokens: int = 1024,
        concurrency: int = 8,
    ):
        # The SDK's own retries are off: tenacity owns the policy, so it is the same everywhere.
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0)
        self.model = model
        self.label = label
        self.max_attempts = max_attempts
        self.retry_max_wait = retry_max_wait
        self.max_output_tokens = max_output_tokens
        self.concurrency = concurrency
        self.response_format = {
            "type": "json_schema",
            "json_schema": {"name": "job_fields", "schema": job_fields_json_schema(), "strict": False},
        }

    def describe(self) -> str:
        return f"openai ({self.model} at {self.client.base_url})"

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        """One result per request. Raises EngineError only when every request failed so (the endpoint is down: the
        jobs go back to their queue); a request that failed beside others that passed ends as its job's error, so
        that one posting the endpoint hangs or fails on does not send its whole batch back, and fail it, again."""
        # Concurrent requests let a `vllm serve` endpoint batch them on its side.
        with ThreadPoolExecutor(max_workers=max(1, min(self.concurrency, len(requests)))) as pool:
            outcomes = list(pool.map(self._one_or_error, requests))
        failures = [outcome for outcome in outcomes if isinstance(outcome, EngineError)]
        if len(failures) == len(outcomes):
            raise failures[0]
        return [
            ExtractionResult(key=request.key, error=str(outcome)) if isinstance(outcome, EngineError) else outcome
            for request, outcome in zip(requests, outcomes)
        ]

    def _one_or_error(self, request: ExtractionRequest) -> ExtractionResult | EngineError:
        try:
            return self._one(request)
        except EngineError as exc:
            return exc

    def _one(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=wait_random_exponential(multiplier=min(1.0, self.retry_max_wait), max=self.retry_max_wait),
            stop=stop_after_attempt(self.max_attempts),
        )
        try:
            response = retrying(
                self.client.chat.completions.create,
                model=self.model,
                messages=build_messages(text=request.text, known=request.known),
                temperature=0,
                max_tokens=self.max_output_tokens,
                response_format=self.response_format,
            )
        except RetryError as exc:
            cause = exc.last_attempt.exception()
            raise EngineError(
                f"{self.describe()} failed after {self.max_attempts} attempts: {cause.__class__.__name__}: {cause}"
            ) from cause
        except openai.APIStatusError as exc:
            return ExtractionResult(
                key=request.key, error=f"endpoint refused the request: HTTP {exc.status_code}: {exc.message}",
                latency_ms=elapsed_ms(started),
            )
        except (json.JSONDecodeError, openai.APIResponseValidationError) as exc:
            raise EngineError(f"{self.describe()} answered with something that is not a chat completion: {exc}") from exc
        # The SDK hands back the body as text when the server does not say it is JSON (a proxy's HTML page).
        if not isinstance(response, ChatCompletion):
            raise EngineError(
                f"{self.describe()} answered with something that is not a chat completion: {str(response)[:200]!r}"
            )
        choice = response.choices[0] if response.choices else None
        if choice is None:
            fields, error = None, "endpoint answered without a completion (no choices)"
        elif choice.message.refusal:
            fields, error = None, f"model refused: {choice.message.refusal}"
        else:
            fields, error = parse_fields(choice.message.content or "")
            if fields is None and choice.finish_reason == "length":
                error = f"output cut at the token limit: {error}"
        usage = response.usage
        return ExtractionResult(
            key=request.key,
            fields=fields,
            error=error,
            tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
            tokens_out=getattr(usage, "completion_tokens", 0) or 0,
            latency_ms=elapsed_ms(started),
        )
