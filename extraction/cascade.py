"""One posting's way from an engine's answer to its stored fields: flatten, merge with the source, ground (pure)."""
from .normalize import flatten, merge
from .schema import JobFields


def fields_from_result(
    *, source: dict, source_label: str, result_fields: JobFields | None, engine_label: str, text: str
) -> tuple[dict, dict, list[str]]:
    """The values a job stores, where each came from, and notes on the values dropped (ungrounded, or narrowed by
    what the posting says).

    The extraction service stores this and the evaluation command scores it, so what is measured is what is stored.
    """
    extracted = flatten(result_fields) if result_fields is not None else {}
    return merge(source=source, source_label=source_label, extracted=extracted, engine_label=engine_label, text=text)
