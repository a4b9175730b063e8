"""The unit classifier: TF-IDF word and character n-grams, a linear SVM, calibrated probabilities (ADR 0015).

No Django here, so the benchmark and the commands share it: examples in, a model with its figures out. The
threshold is chosen on a time-ordered hold-out (the last 15 % by `received_at`) so that what the model says about
next month is judged on what came after what it learnt from; the saved model is then refitted on every row.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from sigap.domain.routing import (
    MIN_WORDS_FOR_AUTO,
    choose_threshold,
    expected_calibration_error,
    may_route_alone,
    normalise,
    word_count,
)

FORMAT = 1
HOLDOUT_SHARE = 0.15
TARGET_PRECISION = 0.95
# A unit seen fewer times than this is suggested but never routed alone: its figures on the hold-out are luck.
MIN_EXAMPLES_FOR_AUTO = 30
# The calibration's cross-validation needs a class in each of its folds.
CALIBRATION_FOLDS = 3
MIN_ROWS = 20


class RoutingError(Exception):
    """Training or loading failed for a reason a person can act on (the message names no complaint text)."""


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    unit: str
    received_at: datetime


@dataclass(frozen=True)
class Suggestion:
    unit: str
    probability: float


@dataclass
class RoutingModel:
    pipeline: Pipeline
    meta: dict[str, Any] = field(default_factory=dict)
    _parts: Any = field(default=False, repr=False, compare=False)

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 1.0))

    @property
    def auto_units(self) -> frozenset[str]:
        return frozenset(self.meta.get("auto_units", ()))

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """predict_proba of the pipeline, by a short path when the fitted model has the expected shape.

        scikit-learn validates its input at every step (a few milliseconds per call, most of a one-complaint
        prediction); the short path does the same arithmetic on the fitted arrays. A test holds the two equal.
        """
        normalised = [normalise(text) for text in texts]
        if self._parts is False:
            self._parts = _short_path(self.pipeline)
        parts = self._parts
        if parts is None:
            return np.asarray(self.pipeline.predict_proba(normalised))
        features, coef_t, intercept, slopes, offsets = parts
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = features.transform(normalised)
        scores = np.asarray(matrix @ coef_t) + intercept
        if scores.shape[1] == 1:  # two units: one score, for the second
            second = expit(-(slopes[0] * scores[:, 0] + offsets[0]))
            return np.column_stack([1.0 - second, second])
        calibrated = expit(-(slopes * scores + offsets))
        total = calibrated.sum(axis=1, keepdims=True)
        uniform = np.full_like(calibrated, 1 / calibrated.shape[1])
        return np.divide(calibrated, total, out=uniform, where=total != 0)

    def top(self, texts: Sequence[str], k: int = 3) -> list[list[Suggestion]]:
        """The k likeliest units of each text, likeliest first."""
        if not texts:
            return []
        probabilities = self.probabilities(texts)
        classes = self.pipeline.classes_
        order = np.argsort(-probabilities, axis=1)[:, :k]
        return [[Suggestion(str(classes[j]), float(row[j])) for j in picks]
                for row, picks in zip(probabilities, order, strict=True)]

    def may_route_alone(self, text: str, suggestion: Suggestion) -> bool:
        return may_route_alone(text=text, unit=suggestion.unit, probability=suggestion.probability,
                               threshold=self.threshold, auto_units=self.auto_units)


def _short_path(pipeline: Pipeline) -> tuple[Any, Any, Any, Any, Any] | None:
    """The fitted arrays behind predict_proba, or None when the model is not of the shape this code knows."""
    parts = None
    try:
        classifier = pipeline.named_steps["classifier"]
        (calibrated,) = classifier.calibrated_classifiers_
        svm = calibrated.estimator
        if (calibrated.method == "sigmoid" and isinstance(svm, LinearSVC)
                and list(svm.classes_) == list(classifier.classes_)):
            slopes = np.array([c.a_ for c in calibrated.calibrators], dtype=np.float64)
            offsets = np.array([c.b_ for c in calibrated.calibrators], dtype=np.float64)
            parts = (pipeline.named_steps["features"], np.ascontiguousarray(svm.coef_.T), svm.intercept_, slopes,
                     offsets)
    except (AttributeError, KeyError, ValueError, TypeError):
        parts = None
    return parts


def _pipeline() -> Pipeline:
    # Texts arrive normalised (lower case, words only), so the vectorisers neither lower nor strip. Feature caps keep
    # the model under 15 MB whatever the size of the history: an SVM weighs features x units.
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=25_000, sublinear_tf=True,
                            lowercase=False, token_pattern=r"\S+", dtype=np.float32)  # noqa: S106 (a regex)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=45_000,
                            sublinear_tf=True, lowercase=False, dtype=np.float32)
    # ensemble=False: one SVM fitted on every row, calibrated on cross-validated scores; a third of the size and
    # time of keeping one SVM per fold.
    classifier = CalibratedClassifierCV(LinearSVC(C=0.5), method="sigmoid", cv=CALIBRATION_FOLDS, ensemble=False)
    return Pipeline([("features", FeatureUnion([("words", words), ("chars", chars)])), ("classifier", classifier)])


def _fit(examples: Sequence[Example]) -> Pipeline:
    counts = Counter(example.unit for example in examples)
    kept = [example for example in examples if counts[example.unit] >= CALIBRATION_FOLDS]
    if len({example.unit for example in kept}) < 2:
        raise RoutingError(f"needs at least two units with {CALIBRATION_FOLDS} or more examples each")
    pipeline = _pipeline()
    pipeline.fit([normalise(example.text) for example in kept], [example.unit for example in kept])
    for _, vectoriser in pipeline.named_steps["features"].transformer_list:
        # The terms cut by min_df and max_features: kept by scikit-learn only for inspection, and megabytes big.
        vectoriser.stop_words_ = None
    return pipeline


def score(model: RoutingModel, examples: Sequence[Example]) -> tuple[dict[str, Any], list[list[Suggestion]]]:
    """The figures of the routing_eval contract on labelled examples, and the top three of each."""
    tops = model.top([example.text for example in examples])
    truth = [example.unit for example in examples]
    first = [top[0] for top in tops]
    right = [s.unit == unit for s, unit in zip(first, truth, strict=True)]
    alone = [model.may_route_alone(example.text, s) for example, s in zip(examples, first, strict=True)]
    above = [ok for ok, routed in zip(right, alone, strict=True) if routed]
    n = len(examples)
    figures = {
        "n": n,
        "accuracy": sum(right) / n if n else 0.0,
        "top3_accuracy": (sum(any(s.unit == unit for s in top) for top, unit in zip(tops, truth, strict=True)) / n
                          if n else 0.0),
        "macro_f1": float(f1_score(truth, [s.unit for s in first], average="macro", zero_division=0)) if n else 0.0,
        "threshold": model.threshold,
        "coverage": len(above) / n if n else 0.0,
        "precision_above_threshold": sum(above) / len(above) if above else None,
        "ece": expected_calibration_error([(s.probability, ok) for s, ok in zip(first, right, strict=True)]),
    }
    return figures, tops


def train(examples: Sequence[Example], *, now: datetime, catch_all: frozenset[str] = frozenset()) -> RoutingModel:
    """A model fitted on every example, with its threshold and figures from the time-ordered hold-out.

    `catch_all` names the labels that say "somewhere else" (lainnya): suggested, never routed alone (any case).
    """
    if len(examples) < MIN_ROWS:
        raise RoutingError(f"needs at least {MIN_ROWS} rows, got {len(examples)}")
    started = time.perf_counter()
    ordered = sorted(examples, key=lambda example: example.received_at)
    cut = math.ceil(len(ordered) * (1 - HOLDOUT_SHARE))
    earlier, holdout = ordered[:cut], ordered[cut:]
    counts = Counter(example.unit for example in ordered)
    lowered = {code.lower() for code in catch_all}
    auto_units = sorted(unit for unit, count in counts.items()
                        if count >= MIN_EXAMPLES_FOR_AUTO and unit.lower() not in lowered)
    judged = RoutingModel(_fit(earlier), {"threshold": 1.0, "auto_units": auto_units})
    holdout_tops = judged.top([example.text for example in holdout])
    # Chosen among the rows that could ever stand alone, so short texts and left-out units do not lower the bar.
    threshold = choose_threshold(
        [(top[0].probability, top[0].unit == example.unit)
         for top, example in zip(holdout_tops, holdout, strict=True)
         if top[0].unit in judged.auto_units and word_count(example.text) >= MIN_WORDS_FOR_AUTO],
        target=TARGET_PRECISION)
    judged.meta["threshold"] = threshold
    holdout_figures, _ = score(judged, holdout)
    pipeline = _fit(ordered)
    meta = {
        "format": FORMAT,
        "version": now.strftime("%Y%m%dT%H%M%SZ"),
        "trained_at": now.isoformat(),
        "training_period": {"from": ordered[0].received_at.isoformat(), "to": ordered[-1].received_at.isoformat()},
        "rows": len(ordered),
        "classes": dict(sorted(counts.items())),
        "catch_all": sorted(unit for unit in counts if unit.lower() in lowered),
        "min_examples_for_auto": MIN_EXAMPLES_FOR_AUTO,
        "auto_units": auto_units,
        "threshold": threshold,
        "holdout": {"from": holdout[0].received_at.isoformat(), "to": holdout[-1].received_at.isoformat(),
                    **holdout_figures},
        "train_seconds": round(time.perf_counter() - started, 3),
    }
    return RoutingModel(pipeline, meta)


def meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace(path: Path, write: Any) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def save(model: RoutingModel, path: Path) -> None:
    """The model file and, beside it, its metadata with the file's SHA-256 (the loader's proof Sigap wrote it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, lambda temporary: joblib.dump({"format": FORMAT, "pipeline": model.pipeline}, temporary,
                                                 compress=3))
    meta = {**model.meta, "sha256": _sha256(path), "size_bytes": path.stat().st_size}
    model.meta = meta
    _replace(meta_path(path), lambda temporary: temporary.write_text(json.dumps(meta, indent=2, sort_keys=True)))


def read_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(meta_path(path).read_text())
    except (OSError, ValueError) as error:
        raise RoutingError(f"no readable metadata beside {path.name}") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise RoutingError(f"{path.name}: not a model of this Sigap version")
    return meta


def load(path: Path) -> RoutingModel:
    """The model at `path`, unpickled only when its bytes are the ones Sigap wrote there (metadata's SHA-256)."""
    meta = read_meta(path)
    if not path.is_file() or _sha256(path) != meta.get("sha256"):
        raise RoutingError(f"{path.name} is not the file its metadata describes")
    payload = joblib.load(path)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise RoutingError(f"{path.name}: not a model of this Sigap version")
    return RoutingModel(payload["pipeline"], meta)
