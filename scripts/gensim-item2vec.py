#!/usr/bin/python3
# Benchmark-only: trains gensim's skip-gram (negative sampling, 1 thread) on the sequences scripts/bench-recs.ts
# wrote, and exports the vectors for our own evaluation code. Never a runtime dependency of the service.
# Usage: gensim-item2vec.py <params.json> <sequences.txt> <out prefix>  -> <out>.json (ids, counts, times), <out>.f32
import json
import sys
import time

import numpy as np
from gensim.models import Word2Vec
from gensim.models.word2vec_inner import FAST_VERSION


def main() -> None:
    params_path, sequences_path, out = sys.argv[1:4]
    with open(params_path) as f:
        p = json.load(f)
    with open(sequences_path) as f:
        sequences = [line.split() for line in f if line.strip()]
    started = time.perf_counter()
    cpu_started = time.process_time()
    model = Word2Vec(
        vector_size=p["dimensions"], window=p["window"], negative=p["negatives"], epochs=p["epochs"],
        min_count=p["minCount"], sample=p["sample"], alpha=p["learningRate"], min_alpha=p["learningRate"] * 1e-4,
        seed=p["seed"], workers=1, sg=1, hs=0, ns_exponent=0.75,
    )
    model.build_vocab(sequences)
    vocab_ms = (time.perf_counter() - started) * 1000
    trained_words, effective_words = model.train(sequences, total_examples=model.corpus_count, epochs=model.epochs)
    train_ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu_started) * 1000
    wv = model.wv
    np.ascontiguousarray(wv.vectors, dtype="<f4").tofile(out + ".f32")
    with open(out + ".json", "w") as f:
        json.dump({
            "dims": int(wv.vector_size),
            "ids": [int(k) for k in wv.index_to_key],
            "counts": [int(wv.get_vecattr(k, "count")) for k in wv.index_to_key],
            "vocabMs": vocab_ms, "trainMs": train_ms, "cpuMs": cpu_ms, "words": int(effective_words), "fastVersion": FAST_VERSION,
        }, f)


if __name__ == "__main__":
    main()
