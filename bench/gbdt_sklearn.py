"""Baseline for bench/gbdt.bench.ts: fits scikit-learn's HistGradientBoostingRegressor on the raw
float32 files the TypeScript side wrote, with matching hyper-parameters, and prints one JSON line.
Usage: gbdt_sklearn.py DIR N_TRAIN N_VALID N_FEATURES N_TREES [RANDOM_STATE ...]   (threads via OMP_NUM_THREADS);
one JSON line per random_state (default 0). With early stopping off, random_state only seeds the
2e5-row subsample that bin edges are learned from."""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor


def main() -> None:
    d, n_train, n_valid, n_feat, trees = sys.argv[1], *map(int, sys.argv[2:6])
    X = np.fromfile(f"{d}/Xtrain.f32", dtype=np.float32).reshape(n_train, n_feat)
    y = np.fromfile(f"{d}/ytrain.f32", dtype=np.float32).astype(np.float64)
    Xv = np.fromfile(f"{d}/Xvalid.f32", dtype=np.float32).reshape(n_valid, n_feat)
    yv = np.fromfile(f"{d}/yvalid.f32", dtype=np.float32).astype(np.float64)
    seeds = [int(v) for v in sys.argv[6:]] or [0]
    for seed in seeds:
        model = HistGradientBoostingRegressor(
            loss="squared_error",
            max_iter=trees,
            max_leaf_nodes=31,
            max_depth=None,
            max_bins=255,
            learning_rate=0.1,
            min_samples_leaf=20,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=seed,
        )
        t0 = time.perf_counter()
        model.fit(X, y)
        fit_s = time.perf_counter() - t0
        assert model.n_iter_ == trees, f"sklearn stopped after {model.n_iter_} iterations"
        t1 = time.perf_counter()
        p = model.predict(Xv)
        predict_s = time.perf_counter() - t1
        print(json.dumps({"fit_s": fit_s, "predict_s": predict_s, "valid_mse": float(np.mean((p - yv) ** 2)), "version": sklearn.__version__, "random_state": seed}), flush=True)


if __name__ == "__main__":
    main()
