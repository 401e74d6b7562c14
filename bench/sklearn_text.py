#!/usr/bin/env python3
"""The Label Studio online-learning tutorial's text classifier, timed on the
bench's splits: TfidfVectorizer(ngram_range=(1, 3)) + LogisticRegression(C=10).

Usage: python3 bench/sklearn_text.py SPLITS.json OUT.json
SPLITS.json: {"texts": [...], "labels": [...], "splits": [{"train": [i...], "test": [i...]}, ...]}
OUT.json: one {"accuracy", "fitSeconds", "fitCpuSeconds", "predictSeconds"} per split, in order.
Run by bench/learn-text.ts with Debian's python3-sklearn (/usr/bin/python3).
"""
import json
import sys
import time
import warnings

import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    texts, labels = spec["texts"], spec["labels"]
    warnings.simplefilter("ignore", ConvergenceWarning)  # counted below instead
    out = []
    for split in spec["splits"]:
        train, test = split["train"], split["test"]
        started = time.perf_counter()
        started_cpu = time.process_time()
        vectorizer = TfidfVectorizer(ngram_range=(1, 3))
        x = vectorizer.fit_transform([texts[i] for i in train])
        model = LogisticRegression(C=10)
        model.fit(x, [labels[i] for i in train])
        fitted = time.perf_counter()
        fitted_cpu = time.process_time()
        predicted = model.predict(vectorizer.transform([texts[i] for i in test]))
        done = time.perf_counter()
        correct = sum(1 for p, i in zip(predicted, test) if p == labels[i])
        out.append(
            {
                "accuracy": correct / len(test),
                "fitSeconds": fitted - started,
                "fitCpuSeconds": fitted_cpu - started_cpu,
                "predictSeconds": done - fitted,
                "iterations": int(max(model.n_iter_)),
                "features": len(vectorizer.vocabulary_),
            }
        )
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"sklearn": sklearn.__version__, "results": out}, f)


if __name__ == "__main__":
    main()
