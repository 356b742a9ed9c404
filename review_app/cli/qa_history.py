"""``qa --db URL --run-name NAME [--baseline RUN]``: record the run in the store, gate on a regression.

Everything that can fail is checked before the run starts (the database opens, the run name is
free, the baseline run exists), so a bad option costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import argparse
import getpass
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from review_app.cli.common import open_store
from review_app.cli.options import database
from review_app.errors import InputError
from review_app.qa.history import add_baseline_gates, compare_with_baseline, input_hashes
from review_app.qa.summary import SummaryBuilder
from review_app.qa.summary_types import QaSummary
from review_app.store import NewRun, Operator, RunInfo, Store, StoreError


def add_history_args(parser: argparse.ArgumentParser) -> None:
    """The run-history options of ``qa``."""
    group = parser.add_argument_group("run history")
    group.add_argument("--db", type=database, metavar="URL",
                       help="record the run in this store (SQLite path or SQLAlchemy URL)")
    group.add_argument("--run-name", metavar="NAME", help="name of the recorded run (unique in the store)")
    group.add_argument("--run-project", metavar="NAME", default="",
                       help="project the run belongs to (groups runs on the History page)")
    group.add_argument("--baseline", metavar="RUN",
                       help="exit 1 when a metric is significantly worse than in this recorded run (paired "
                            "bootstrap on the same segments, else non-overlapping 95%% CIs)")


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
    def from_args(cls, args: argparse.Namespace) -> RunHistory | None:
        """``None`` when no history option is given; :class:`InputError` for any bad one."""
        if not (args.db or args.run_name or args.baseline):
            return None
        if not args.db:
            raise InputError("--db", "--run-name and --baseline need the store: give --db URL")
        if not (args.run_name or args.baseline):
            raise InputError("--db", "give --run-name NAME to record the run (and/or --baseline RUN)")
        if args.run_name is not None and not args.run_name.strip():
            raise InputError("--run-name", "must not be empty")
        store = open_store(args.db)  # an existing review database only (``db init`` creates one)
        try:
            if args.run_name and store.run_by_name(args.run_name):
                raise InputError("--run-name", f"a run named {args.run_name!r} is already recorded in {store.location}")
            baseline = store.run_by_name(args.baseline) if args.baseline else None
            if args.baseline and baseline is None:
                known = ", ".join(r.name for r in store.runs()[-10:]) or "none"
                raise InputError("--baseline", f"no recorded run named {args.baseline!r} (latest: {known})")
            stats = store.run_statistics(baseline.id) if baseline else {}
        except StoreError as exc:
            raise InputError("--db", str(exc)) from None
        return cls(store, args.run_name, args.run_project, baseline, stats, n_bootstrap=max(args.bootstrap, 2),
                   tokenize=args.tokenize)

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
