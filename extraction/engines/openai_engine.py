"""Any OpenAI-compatible endpoint (the cloud, or a `vllm serve`), retried with tenacity; and OpenAI's Batch API."""
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from extraction.prompt import build_messages
from extraction.schema import job_fields_json_schema

from .base import CUT_ANSWER, Engine, EngineError, ExtractionRequest, ExtractionResult, elapsed_ms, parse_fields

# Worth another attempt: rate limits, server errors, timeouts, dropped connections. Never 4xx input errors.
RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
REQUEST_TIMEOUT = 408  # HTTP status: the server timed out waiting for us, a timeout and not an input error
BATCH_ENDPOINT = "/v1/chat/completions"
BATCH_FIND_LIMIT = 100  # newest batches looked through for one whose creation answer was lost


@dataclass
class BatchStatus:
    id: str
    status: str  # validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled
    output_file_id: str
    error_file_id: str
    errors: str  # why the batch as a whole failed, if it did
    latency_ms: int  # from its creation to its end (0 while open): what each of its postings waited


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

    def _retrying(self) -> Retrying:
        return Retrying(
            retry=retry_if_exception(is_retryable),
            wait=wait_random_exponential(multiplier=min(1.0, self.retry_max_wait), max=self.retry_max_wait),
            stop=stop_after_attempt(self.max_attempts),
        )

    def _body(self, request: ExtractionRequest) -> dict:
        """The chat completion request for one posting, as sent alone or as a line of a batch."""
        return {
            "model": self.model,
            "messages": build_messages(text=request.text, known=request.known),
            "temperature": 0,
            "max_tokens": self.max_output_tokens,
            "response_format": self.response_format,
        }

    def _one(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        try:
            response = self._retrying()(self.client.chat.completions.create, **self._body(request))
        except RetryError as exc:
            raise self._gave_up(exc) from exc.last_attempt.exception()
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
        return completion_result(request.key, response, latency_ms=elapsed_ms(started))

    def _gave_up(self, exc: RetryError) -> EngineError:
        cause = exc.last_attempt.exception()
        return EngineError(
            f"{self.describe()} failed after {self.max_attempts} attempts: {cause.__class__.__name__}: {cause}"
        )

    # --- The Batch API: the same requests as lines of a file, answered within 24 hours at half the price. ---

    def _api(self, call, *args, **kwargs):
        """One Batch API call, retried like a chat request; any failure is an EngineError saying what failed."""
        try:
            return self._retrying()(call, *args, **kwargs)
        except RetryError as exc:
            raise self._gave_up(exc) from exc.last_attempt.exception()
        except openai.OpenAIError as exc:
            raise EngineError(f"{self.describe()} refused a Batch API call: {exc.__class__.__name__}: {exc}") from exc

    def batch_submit(self, requests: list[ExtractionRequest], *, metadata: dict) -> tuple[str, str]:
        """Upload the requests as a JSONL file and create a batch of them; returns (batch id, input file id)."""
        lines = "".join(
            json.dumps({"custom_id": str(r.key), "method": "POST", "url": BATCH_ENDPOINT, "body": self._body(r)}) + "\n"
            for r in requests
        )
        upload = self._api(self.client.files.create, file=("jobs.jsonl", lines.encode()), purpose="batch")
        batch = self._api(
            self.client.batches.create, input_file_id=upload.id, endpoint=BATCH_ENDPOINT, completion_window="24h",
            metadata=metadata,
        )
        return batch.id, upload.id

    def batch_find(self, *, metadata: dict) -> str | None:
        """The id of a recent batch created with this metadata: one whose creation answer was lost with its worker."""
        for batch in self._api(self.client.batches.list, limit=BATCH_FIND_LIMIT).data:
            if (batch.metadata or {}).items() >= metadata.items():
                return batch.id
        return None

    def batch_status(self, batch_id: str) -> BatchStatus:
        batch = self._api(self.client.batches.retrieve, batch_id)
        errors = "; ".join(f"{e.code}: {e.message}" for e in (batch.errors.data or [])) if batch.errors else ""
        ended = batch.completed_at or batch.failed_at or batch.expired_at or batch.cancelled_at
        return BatchStatus(
            id=batch.id, status=batch.status, output_file_id=batch.output_file_id or "",
            error_file_id=batch.error_file_id or "", errors=errors,
            latency_ms=int((ended - batch.created_at) * 1000) if ended else 0,
        )

    def batch_results(self, status: BatchStatus) -> list[ExtractionResult]:
        """A result for each line of the batch's output and error files: its fields, or why it has none."""
        results = []
        for file_id in (status.output_file_id, status.error_file_id):
            if not file_id:
                continue
            for line in self._api(self.client.files.content, file_id).text.splitlines():
                if line.strip():
                    results.append(self._batch_line_result(json.loads(line), latency_ms=status.latency_ms))
        return results

    def _batch_line_result(self, line: dict, *, latency_ms: int) -> ExtractionResult:
        key = int(line["custom_id"])
        response = line.get("response") or {}
        if line.get("error") or response.get("status_code") != 200:
            error = line.get("error") or (response.get("body") or {}).get("error") or {}
            return ExtractionResult(
                key=key, latency_ms=latency_ms,
                error=f"the batch refused the request: HTTP {response.get('status_code', '?')}: "
                f"{error.get('code') or ''} {error.get('message') or ''}".strip(),
            )
        try:
            completion = ChatCompletion.model_validate(response["body"])
        except (KeyError, ValueError) as exc:
            return ExtractionResult(key=key, error=f"the batch answered something that is not a chat completion: {exc}")
        return completion_result(key, completion, latency_ms=latency_ms)


def completion_result(key: int, response: ChatCompletion, *, latency_ms: int) -> ExtractionResult:
    """The fields a chat completion gives, or why it gives none, with the tokens it used."""
    choice = response.choices[0] if response.choices else None
    if choice is None:
        fields, error = None, "endpoint answered without a completion (no choices)"
    elif choice.message.refusal:
        fields, error = None, f"model refused: {choice.message.refusal}"
    else:
        fields, error = parse_fields(choice.message.content or "")
        if fields is None and choice.finish_reason == "length":
            error = f"{CUT_ANSWER}{error}"
    usage = response.usage
    return ExtractionResult(
        key=key,
        fields=fields,
        error=error,
        tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
        tokens_out=getattr(usage, "completion_tokens", 0) or 0,
        latency_ms=latency_ms,
    )
