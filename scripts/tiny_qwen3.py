"""Build a tiny Qwen3 with random weights for the engine lane of `make test`: no download, same bytes every time.

The architecture is the real one (Qwen3ForCausalLM: RMSNorm, q/k norms, rotary, SwiGLU), shrunk to 2 layers of
width 128; head_dim stays 128, as vLLM's CPU attention takes no smaller. The tokenizer is a byte-level BPE trained
here on the real postings under tests/fixtures/text, so it splits postings the way a real model's does (a few
characters a token), and its chat template is ChatML, as Qwen's. Random weights answer at random: only the
engine's structured output keeps them to our schema, which is what the engine tests rely on.

usage: .venv-engine/bin/python scripts/tiny_qwen3.py OUT_DIR [--seed 0] [--context 8192]
"""
import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING_TEXT = ROOT / "tests" / "fixtures" / "text"
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]  # ids 0, 1, 2
VOCABULARY = 4096
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def build_tokenizer(out: Path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    texts = [path.read_text(encoding="utf-8") for path in sorted(TRAINING_TEXT.glob("*.txt"))]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCABULARY, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(texts, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>", chat_template=CHAT_TEMPLATE,
    )
    tokenizer.save_pretrained(out)
    return tokenizer


def build_model(out: Path, *, vocabulary: int, context: int, seed: int) -> int:
    import torch
    from transformers import Qwen3Config, Qwen3ForCausalLM

    config = Qwen3Config(
        architectures=["Qwen3ForCausalLM"], vocab_size=vocabulary, hidden_size=128, intermediate_size=256,
        num_hidden_layers=2, max_window_layers=2, num_attention_heads=2, num_key_value_heads=1, head_dim=128,
        max_position_embeddings=context, rope_theta=1_000_000, rms_norm_eps=1e-6, hidden_act="silu",
        tie_word_embeddings=True, use_sliding_window=False, bos_token_id=0, eos_token_id=2, pad_token_id=0,
        torch_dtype="bfloat16",
    )
    torch.manual_seed(seed)
    model = Qwen3ForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(out, safe_serialization=True)
    return sum(parameter.numel() for parameter in model.parameters())


def build(out: Path, *, seed: int = 0, context: int = 8192) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(out)
    build_model(out, vocabulary=len(tokenizer), context=context, seed=seed)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--context", type=int, default=8192, help="max_position_embeddings: the longest context")
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.out, seed=args.seed, context=args.context)
    print(f"tiny Qwen3 in {args.out} ({time.perf_counter() - started:.1f} s)")
