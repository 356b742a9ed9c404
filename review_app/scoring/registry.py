"""The metric registry: every metric review_app computes is declared here, once.

The CLI's ``--metrics`` choices, ``qa``'s statistics, the per-segment scores of ``align``, the
store's score columns, the app's score tables and the reports all iterate over :data:`METRICS`.
Adding a metric means one :class:`MetricSpec` here, its test, and, when it is stored per segment,
its two score columns in ``store/models.py`` with a migration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics.base import Metric
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from review_app.errors import InputError


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """One sacrebleu metric as review_app uses it.

    ``options`` are the constructor arguments of ``cls`` for corpus scores; ``sentence_options`` are
    added for sentence scores (sentence BLEU uses ``effective_order=True``, as sacrebleu advises).
    ``sentence`` metrics are scored per segment (and stored in the column ``column`` and
    ``corrected_<column>``); ``corpus`` metrics get corpus scores with confidence intervals.
    """

    id: str
    label: str
    cls: type[Metric]
    options: Mapping[str, Any] = field(default_factory=dict)
    sentence_options: Mapping[str, Any] = field(default_factory=dict)
    higher_is_better: bool = True
    sentence: bool = True
    corpus: bool = True
    tokenized: bool = False  # takes the BLEU tokenizer option (``--tokenize``)
    column: str = ""

    @property
    def display(self) -> str:
        """The label with the direction when lower is better, for tables and charts."""
        return self.label if self.higher_is_better else f"{self.label} (lower is better)"

    def make(self, *, sentence: bool = False, tokenize: str | None = None) -> Metric:
        """A fresh sacrebleu metric object for corpus (default) or sentence scores."""
        kwargs = dict(self.options)
        if sentence:
            kwargs.update(self.sentence_options)
        if self.tokenized and tokenize:
            kwargs["tokenize"] = tokenize
        return self.cls(**kwargs)


METRICS: dict[str, MetricSpec] = {
    spec.id: spec
    for spec in (
        MetricSpec("bleu", "BLEU", BLEU, {"effective_order": False}, {"effective_order": True}, tokenized=True,
                   column="bleu"),
        MetricSpec("chrf", "chrF", CHRF, column="chrf"),
        MetricSpec("chrf++", "chrF++", CHRF, {"word_order": 2}, column="chrfpp"),
        MetricSpec("ter", "TER", TER, higher_is_better=False, column="ter"),
    )
}
# Metrics scored per segment, in the order of the ``align`` contract and the store's columns.
SENTENCE_METRICS: tuple[str, ...] = tuple(m.id for m in METRICS.values() if m.sentence)
# Metrics with corpus scores, in report order.
CORPUS_METRICS: tuple[str, ...] = tuple(m.id for m in METRICS.values() if m.corpus)
# BLEU's tokenizers (sacrebleu's ``-tok`` choices).
BLEU_TOKENIZERS: tuple[str, ...] = tuple(sorted(BLEU.TOKENIZERS))


def metric_spec(metric_id: str) -> MetricSpec:
    """The registered metric ``metric_id``; an :class:`InputError` naming the choices otherwise."""
    try:
        return METRICS[metric_id]
    except KeyError:
        raise InputError(None, f"unknown metric {metric_id!r}; choose from {', '.join(METRICS)}") from None


def parse_metrics(text: str, *, allow_empty: bool = False) -> list[str]:
    """A comma-separated ``--metrics`` list (``bleu,chrf``) checked against the registry, in the order given."""
    names = list(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in CORPUS_METRICS]
    if unknown or not (names or allow_empty):
        raise InputError("--metrics", f"unknown metric(s) {', '.join(unknown) or repr(text)}; "
                         f"choose from {', '.join(CORPUS_METRICS)}")
    return names
