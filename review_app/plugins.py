"""Third-party extensions through entry points: checks (``review_app.checks``) and metrics (``review_app.metrics``).

A distribution declares, e.g. in its ``pyproject.toml``::

    [project.entry-points."review_app.metrics"]
    comet = "my_package.comet:CometScorer"

Each entry point names an object (a class or an instance); the registry that loads the group checks
what it is. A plugin that fails to load is named in one warning and left out, so a broken plugin
never stops the tool; docs/plugins.md describes both groups.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from importlib.metadata import entry_points

CHECK_GROUP = "review_app.checks"
METRIC_GROUP = "review_app.metrics"


class PluginWarning(UserWarning):
    """A plugin that could not be loaded (it is left out)."""


def load_group(group: str) -> Iterator[tuple[str, object]]:
    """(entry point name, loaded object) of every installed entry point of ``group``, in name order;
    one :class:`PluginWarning` per entry point that fails to import."""
    for point in sorted(entry_points(group=group), key=lambda p: (p.name, p.value)):
        try:
            loaded = point.load()
        except Exception as exc:  # a plugin's own failure: any exception type
            warnings.warn(f"{group} plugin {point.name!r} ({point.value}) was not loaded: {exc}",
                          PluginWarning, stacklevel=2)
            continue
        yield point.name, loaded


def skip(group: str, name: str, reason: str) -> None:
    """Warn that a loaded plugin is left out, and why."""
    warnings.warn(f"{group} plugin {name!r} was not loaded: {reason}", PluginWarning, stacklevel=3)
