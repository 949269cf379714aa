"""A CPU stand-in for vllm.LLM (its `chat` call and its failures), for tests and benchmarks (no Django)."""
import json
from types import SimpleNamespace


class EngineDeadError(Exception):
    """What vllm's LLM raises once its engine-core process has died (vllm.v1.engine.exceptions.EngineDeadError)."""

    def __init__(self):
        super().__init__("EngineCore encountered an issue. See stack trace (above) for the root cause.")


class StandInTokenizer:
    """The two calls VLLMEngine.prompt_tokens makes of vllm.LLM's tokenizer; a token is a word, as in StandInLLM's
    prompt_token_ids."""

    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=True):
        return "\n".join(message["content"] for message in messages)

    def encode(self, text, add_special_tokens=False):
        return list(range(len(text.split())))


class StandInLLM:
    """vllm.LLM's `chat` on CPU, answering each conversation in the shape of vllm's RequestOutput.

    `answer(posting_text)` gives the generated text, or (text, finish_reason). `during` runs inside the
    call, while the batch is out: to look at the claim, or to change the world meanwhile. `fail` is raised
    by every call. A call carrying a posting for which `poison(posting_text)` is true raises `poison_error`:
    by default the ValueError vllm raises for a prompt longer than max_model_len. After `dies_after` calls
    the engine core is dead: every later call raises EngineDeadError, as a real dead one does.
    """

    def __init__(
        self, answer=None, *, fail: Exception | None = None, during=None, poison=None, poison_error=None, dies_after=None
    ):
        self.answer = answer or (lambda text: json.dumps({"title": text.split(".")[0]}))
        self.fail = fail
        self.during = during
        self.poison = poison
        self.poison_error = poison_error or ValueError(
            "The decoder prompt (length 9000) is longer than the maximum model length of 8192."
        )
        self.dies_after = dies_after
        self.calls = []

    def get_tokenizer(self):
        return StandInTokenizer()

    def chat(self, conversations, sampling_params, use_tqdm=False):
        self.calls.append((conversations, sampling_params, use_tqdm))
        if self.during:
            self.during()
        if self.fail:
            raise self.fail
        if self.dies_after is not None and len(self.calls) > self.dies_after:
            raise EngineDeadError()
        postings = [conversation[-1]["content"].split("Posting:\n", 1)[1] for conversation in conversations]
        if self.poison and any(self.poison(posting) for posting in postings):
            raise self.poison_error
        outputs = []
        for posting in postings:
            answer = self.answer(posting)
            text, finish_reason = answer if isinstance(answer, tuple) else (answer, "stop")
            outputs.append(
                SimpleNamespace(
                    prompt_token_ids=list(range(len(posting.split()) + 40)),
                    outputs=[
                        SimpleNamespace(text=text, token_ids=list(range(len(text) // 4)), finish_reason=finish_reason)
                    ],
                )
            )
        return outputs


class StandInLLMs:
    """An `llm_factory` for VLLMEngine handing out the given stand-ins in turn, one per build (start, restarts).

    Once they are all built, a build fails as loading a model on a GPU that is gone would.
    """

    def __init__(self, *llms: StandInLLM):
        self.unbuilt = list(llms)
        self.built: list[StandInLLM] = []
        self.kwargs: list[dict] = []  # what the engine asked each build for (vllm.LLM's keyword arguments)

    def __call__(self, **kwargs) -> StandInLLM:
        self.kwargs.append(kwargs)
        if not self.unbuilt:
            raise RuntimeError("CUDA error: no CUDA-capable device is detected")
        self.built.append(self.unbuilt.pop(0))
        return self.built[-1]
