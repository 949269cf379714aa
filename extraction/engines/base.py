"""The interface every extraction engine implements, and what goes in and comes out."""
import json
import time
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from extraction.schema import JobFields


# How a posting's error begins when the model answered but its answer gives no fields.
CUT_ANSWER = "output cut at the token limit: "  # the answer reached max_tokens (followed by why it does not parse)
INVALID_JSON = "invalid JSON from the model: "
OFF_SCHEMA = "model output violates the schema: "
ANSWER_FAILURES = (CUT_ANSWER, INVALID_JSON, OFF_SCHEMA)


class EngineError(Exception):
    """The engine as a whole failed (endpoint down, an engine it could not restart): the batch goes back."""


class BatchError(EngineError):
    """One call failed but the engine goes on (a prompt it refused, a crash it restarts after): smaller batches may pass."""


@dataclass
class ExtractionRequest:
    key: int  # the job's primary key
    text: str
    known: dict = field(default_factory=dict)  # fields the source already gave
    # When the text was fetched: what "3 days ago" in it counts from. None where it is not known.
    fetched_at: datetime | None = None


@dataclass
class ExtractionResult:
    key: int
    fields: JobFields | None = None
    error: str = ""  # why this one posting has no fields (invalid JSON, schema violation, refusal)
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: int = 0


class Engine:
    """Base class of engines. Subclasses set `name` and implement `extract(requests)`.

    `extract` returns one result per request, in order. A failure of one posting is that result's
    `error`; a failure of the engine itself raises EngineError so the caller can put the batch back, or
    BatchError where the engine goes on and the caller may try the batch again in smaller parts.
    """

    name: str = ""
    label: str = ""  # the field-source label for what this engine fills: "rules", "local_llm", "cloud_llm"
    # The longest prompt the engine takes, in its own tokens (prompt_tokens); None where it sets no limit of its own.
    prompt_limit: int | None = None

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        raise NotImplementedError(f"Give {self.__class__.__name__} an extract(requests) method.")

    def describe(self) -> str:
        return self.name

    def prompt_tokens(self, request: ExtractionRequest) -> int:
        """The request's prompt in the engine's own tokens; engines with a prompt_limit implement it."""
        raise NotImplementedError(f"{self.__class__.__name__} sets no prompt_limit and counts no tokens.")


def parse_fields(raw: str) -> tuple[JobFields | None, str]:
    """Validate an LLM's JSON answer against the schema; (fields, "") or (None, reason)."""
    try:
        return JobFields.model_validate(json.loads(raw)), ""
    except json.JSONDecodeError as exc:
        return None, f"{INVALID_JSON}{exc}"
    except RecursionError:
        return None, f"{INVALID_JSON}nested deeper than the parser's stack"
    except ValidationError as exc:
        first = exc.errors()[0]
        return None, f"{OFF_SCHEMA}{'.'.join(map(str, first['loc']))}: {first['msg']}"


def elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
