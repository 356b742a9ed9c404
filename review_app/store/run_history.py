"""A ``qa`` run recorded in the store and gated on a regression against a recorded baseline run
(``qa --db URL --run-name NAME [--baseline RUN]``).

Everything that can fail is checked before the run starts (the run name is free, the baseline run
exists), so a bad option costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from review_app.errors import InputError
from review_app.qa.history import add_baseline_gates, compare_with_baseline, input_hashes
from review_app.qa.summary import SummaryBuilder
from review_app.qa.summary_types import QaSummary
from review_app.store.auth import Operator
from review_app.store.records import StoreError
from review_app.store.repository import Store
from review_app.store.runs import NewRun, RunInfo


@dataclass(slots=True)
class RunHistory:
    """The store, the run to record and the baseline run, all checked before the run starts."""

    store: Store
    run_name: str | None
    project: str
    baseline: RunInfo | None = None
    baseline_stats: dict[str, np.ndarray] = field(default_factory=dict)
    stats: dict[str, np.ndarray] = field(default_factory=dict)
    digest: str = ""
    n_bootstrap: int = 1000
    tokenize: str | None = None

    @classmethod
    def start(cls, store: Store, run_name: str | None, project: str, baseline: str | None, *,
              n_bootstrap: int, tokenize: str | None) -> RunHistory:
        """Check that ``run_name`` is free and ``baseline`` is recorded (:class:`InputError` naming the option)."""
        try:
            if run_name and store.run_by_name(run_name):
                raise InputError("--run-name", f"a run named {run_name!r} is already recorded in {store.location}")
            base = store.run_by_name(baseline) if baseline else None
            if baseline and base is None:
                known = ", ".join(r.name for r in store.runs()[-10:]) or "none"
                raise InputError("--baseline", f"no recorded run named {baseline!r} (latest: {known})")
            stats = store.run_statistics(base.id) if base else {}
        except StoreError as exc:
            raise InputError("--db", str(exc)) from None
        return cls(store, run_name, project, base, stats, n_bootstrap=n_bootstrap, tokenize=tokenize)

    def after(self, summary: QaSummary, builder: SummaryBuilder) -> None:
        """Keep the run's statistics and digest; add the baseline gates to the summary."""
        metrics = builder.settings.metrics
        self.stats = {name: builder.stats.rows(name) for name in metrics} if builder.stats.count else {}
        self.digest = builder.segments_digest.hexdigest()
        if self.baseline is not None:
            checks = compare_with_baseline(
                self.baseline.name, summary["overall"]["scores"], self.stats, self.digest,
                self.baseline.scores, self.baseline_stats, self.baseline.segments_digest,
                n_bootstrap=self.n_bootstrap, tokenize=self.tokenize)
            add_baseline_gates(summary, self.baseline.name, checks)

    def record(self, summary: QaSummary, system: str) -> RunInfo | None:
        """Store the finished run (when ``--run-name`` was given)."""
        if not self.run_name:
            return None
        overall = summary["overall"]
        settings: dict[str, Any] = dict(summary["settings"])
        inputs = input_hashes({role: settings.get(role) for role in ("mt", "ref", "src", "glossary", "profile")})
        try:
            return self.store.record_run(NewRun(
                name=self.run_name, project=self.project, system=system, documents=overall["documents"],
                segments=overall["segments"], scored_segments=overall["scored_segments"],
                passed=summary["thresholds"]["passed"], scores=dict(overall["scores"]),
                findings=dict(overall["findings"]), gates=dict(summary["thresholds"]),
                inputs=inputs, settings=settings, segments_digest=self.digest, statistics=self.stats),
                actor=Operator(f"operator ({getpass.getuser()})"))
        except StoreError as exc:
            raise InputError("--db", str(exc)) from None
