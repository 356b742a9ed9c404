"""The metric registry: every metric review_app computes is declared here, once, as a
:class:`~review_app.scoring.scorer.Scorer`.

The CLI's ``--metrics`` choices and ``qa``'s gates, ``qa``'s statistics, the per-segment scores of
``align`` and of the store (kept by metric id with their signature), the app's score tables and
the reports all iterate over :data:`METRICS`. Built in: sacrebleu's BLEU, chrF, chrF++ and TER, and
HTER and the character edit rate against a post-edit (``edit_scorers``: on request only).
Others come from installed plugins (entry point group ``review_app.metrics``, loaded on first
use; see docs/plugins.md) or :func:`register`. A new metric needs no schema change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from threading import Lock

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from review_app.errors import InputError
from review_app.plugins import METRIC_GROUP, load_group, skip
from review_app.scoring.edit_scorers import EditRateScorer, HterScorer
from review_app.scoring.sacrebleu_scorers import SacrebleuScorer
from review_app.scoring.scorer import Scorer

__all__ = ["BLEU_TOKENIZERS", "CORPUS_METRICS", "METRICS", "POST_EDIT_METRICS", "SENTENCE_METRICS", "MetricSpec",
           "Scorer", "corpus_metrics", "default_metrics", "metric_spec", "parse_metrics", "register",
           "sentence_metrics", "unregister", "without_source"]

MetricSpec = Scorer  # the name this module's declarations had before scorers

_BUILTIN: tuple[Scorer, ...] = (
    SacrebleuScorer("bleu", "BLEU", BLEU, {"effective_order": False}, {"effective_order": True}, tokenized=True),
    SacrebleuScorer("chrf", "chrF", CHRF),
    SacrebleuScorer("chrf++", "chrF++", CHRF, {"word_order": 2}),
    SacrebleuScorer("ter", "TER", TER, higher_is_better=False),
    # against a post-edit only: registered, run when named (on_request)
    HterScorer(),
    EditRateScorer(),
)


class Registry(Mapping[str, Scorer]):
    """Metric id → scorer: the built-in ones, then plugins (loaded on first use), then registered ones."""

    def __init__(self, builtin: tuple[Scorer, ...]) -> None:
        self._builtin = {scorer.id: scorer for scorer in builtin}
        self._plugins: dict[str, Scorer] | None = None
        self._added: dict[str, Scorer] = {}
        self._lock = Lock()

    def _all(self) -> dict[str, Scorer]:
        if self._plugins is None:
            with self._lock:
                if self._plugins is None:
                    self._plugins = self._load_plugins()
        return {**self._builtin, **self._plugins, **self._added}

    def _load_plugins(self) -> dict[str, Scorer]:
        found: dict[str, Scorer] = {}
        for name, loaded in load_group(METRIC_GROUP):
            scorer = loaded() if isinstance(loaded, type) and issubclass(loaded, Scorer) else loaded
            if not isinstance(scorer, Scorer):
                skip(METRIC_GROUP, name, "it is not a review_app.scoring.scorer.Scorer (class or instance)")
            elif not scorer.id or not scorer.label:
                skip(METRIC_GROUP, name, "a scorer needs an id and a label")
            elif scorer.id in self._builtin or scorer.id in found:
                skip(METRIC_GROUP, name, f"the metric id {scorer.id!r} is taken")
            else:
                found[scorer.id] = scorer
        return found

    def reload(self) -> None:
        """Look for plugins again at the next use (after installing one; tests)."""
        with self._lock:
            self._plugins = None

    def register(self, scorer: Scorer) -> None:
        """Add ``scorer`` (its id must be new)."""
        if scorer.id in self._all():
            raise ValueError(f"a metric with id {scorer.id!r} is registered already")
        self._added[scorer.id] = scorer

    def unregister(self, metric_id: str) -> None:
        """Remove a scorer added with :meth:`register`."""
        self._added.pop(metric_id, None)

    def __getitem__(self, metric_id: str) -> Scorer:
        return self._all()[metric_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


METRICS: Registry = Registry(_BUILTIN)
# The built-in metrics scored per segment by default: the fixed keys of the ``align`` contract, in its order.
SENTENCE_METRICS: tuple[str, ...] = tuple(m.id for m in _BUILTIN if m.sentence and not m.on_request)
# The built-in metrics with corpus scores run by default (every registered one: :func:`corpus_metrics`).
CORPUS_METRICS: tuple[str, ...] = tuple(m.id for m in _BUILTIN if m.corpus and not m.on_request)
# The metrics of MT against its post-edit, added by ``qa``/``compare --pe`` (post-editing effort).
POST_EDIT_METRICS: tuple[str, ...] = ("hter", "edit-rate")
# BLEU's tokenizers (sacrebleu's ``-tok`` choices).
BLEU_TOKENIZERS: tuple[str, ...] = tuple(sorted(BLEU.TOKENIZERS))
register = METRICS.register
unregister = METRICS.unregister


def sentence_metrics(*, costly: bool = False, on_request: bool = False) -> tuple[str, ...]:
    """Every metric scored per segment, in registry order (``costly`` and ``on_request`` ones only when asked for)."""
    return tuple(m.id for m in METRICS.values()
                 if m.sentence and (costly or not m.costly) and (on_request or not m.on_request))


def corpus_metrics() -> tuple[str, ...]:
    """Every metric with corpus scores, in report order: the ``--metrics`` choices."""
    return tuple(m.id for m in METRICS.values() if m.corpus)


def default_metrics() -> tuple[str, ...]:
    """The corpus metrics run when none are named: all but the costly and the on-request ones."""
    return tuple(m.id for m in METRICS.values() if m.corpus and not m.costly and not m.on_request)


def without_source(names: Sequence[str], has_source: bool) -> tuple[str, ...]:
    """``names`` less the metrics that need a source, when there is none (default metric lists)."""
    return tuple(name for name in names if has_source or not METRICS[name].needs_source)


def metric_spec(metric_id: str) -> Scorer:
    """The registered metric ``metric_id``; an :class:`InputError` naming the choices otherwise."""
    try:
        return METRICS[metric_id]
    except KeyError:
        raise InputError(None, f"unknown metric {metric_id!r}; choose from {', '.join(METRICS)}") from None


def parse_metrics(text: str, *, allow_empty: bool = False) -> list[str]:
    """A comma-separated ``--metrics`` list (``bleu,chrf``) checked against the registry, in the order given."""
    names = list(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    choices = corpus_metrics()
    unknown = [name for name in names if name not in choices]
    if unknown or not (names or allow_empty):
        raise InputError("--metrics", f"unknown metric(s) {', '.join(unknown) or repr(text)}; "
                         f"choose from {', '.join(choices)}")
    return names
