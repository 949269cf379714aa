"""The chat messages every LLM engine sends, built the same way for local and cloud (no Django)."""
import json

SYSTEM_PROMPT = (
    "You extract structured data from one job posting. Answer with a single JSON object that follows "
    "the given schema. Use only facts stated in the posting; use null or \"unknown\" for anything it does "
    "not state. Salary is base pay only: not equity, bonuses, commission, meal vouchers or funding "
    "amounts. Keep numbers as written in the posting's currency and period."
)


def build_messages(*, text: str, known: dict) -> list[dict]:
    """System and user messages for one posting; `known` lists fields the source already gave."""
    known_part = ""
    if known:
        known_part = "Fields already known from the source (keep them):\n" + json.dumps(known, default=str) + "\n\n"
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"{known_part}Posting:\n{text}"},
    ]
