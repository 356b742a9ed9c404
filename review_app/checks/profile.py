"""Check profiles (TOML): switch checks on and off, change severities, set check options.

[context]                      # optional defaults for the run
target_lang = "en"
source_lang = "ru"

[checks.dash-in-compound]
enabled = false

[checks.numbers]
severity = "major"

[checks.spacing]
tokenized = "yes"              # a check-specific option (see ``python -m review_app checks``)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.vocab import SEVERITIES


@dataclass(slots=True)
class Profile:
    """Per-check settings: enabled flags, severity overrides and option values."""

    enabled_map: dict[str, bool] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    target_lang: str | None = None
    source_lang: str | None = None

    def enabled(self, check_id: str) -> bool:
        """False only when the profile switched the check off."""
        return self.enabled_map.get(check_id, True)


def parse_profile(data: dict[str, Any], label: str | Path, registry: dict[str, Any]) -> Profile:
    """Validate a parsed TOML table against the check ``registry``; problems raise :class:`InputError`."""
    profile = Profile()
    unknown_top = set(data) - {"checks", "context"}
    if unknown_top:
        raise InputError(label, f"unknown section(s) {sorted(unknown_top)} (expected [context] and [checks.ID])")
    context = data.get("context", {})
    if not isinstance(context, dict) or set(context) - {"target_lang", "source_lang"}:
        raise InputError(label, "[context] takes only target_lang and source_lang")
    for key in ("target_lang", "source_lang"):
        if key in context and not isinstance(context[key], str):
            raise InputError(label, f"[context] {key} must be a string")
    profile.target_lang, profile.source_lang = context.get("target_lang"), context.get("source_lang")
    checks = data.get("checks", {})
    if not isinstance(checks, dict):
        raise InputError(label, "[checks] must be a table of [checks.ID] tables")
    for check_id, table in checks.items():
        if check_id not in registry:
            raise InputError(label, f"unknown check {check_id!r} in [checks.{check_id}] (known: {', '.join(registry)})")
        if not isinstance(table, dict):
            raise InputError(label, f"[checks.{check_id}] must be a table")
        defaults = registry[check_id].defaults
        for key, value in table.items():
            where = f"[checks.{check_id}] {key}"
            if key == "enabled":
                if not isinstance(value, bool):
                    raise InputError(label, f"{where} must be true or false")
                profile.enabled_map[check_id] = value
            elif key == "severity":
                if value not in SEVERITIES:
                    raise InputError(label, f"{where} must be one of {', '.join(SEVERITIES)}")
                profile.severity[check_id] = value
            elif key in defaults:
                expected = type(defaults[key])
                if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                    raise InputError(label, f"{where} must be of type {expected.__name__}")
                profile.options.setdefault(check_id, {})[key] = value
            else:
                known = ", ".join(["enabled", "severity", *defaults])
                raise InputError(label, f"{where}: unknown option (known: {known})")
    return profile


def load_profile(path: str | Path, registry: dict[str, Any]) -> Profile:
    """Read and validate a TOML profile file against ``registry`` (``checks.load_profile`` passes ``CHECKS``)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "cannot decode as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"invalid TOML: {exc}") from None
    return parse_profile(data, path, registry)
