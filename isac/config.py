"""Load, validate and resolve the configuration (docs/architecture.md, "Errors and reliability").

``resolve`` turns ``config/config.yaml`` plus ``config/studies/<study>.yaml`` into one plain
dictionary with the selected scale applied and, per scenario, one merged slice per stage
(``model``, ``options`` per scheme, ``evaluate``; ``figures`` per study). Every
invalid value raises :class:`ConfigError` naming the file, the key and the value, before any
job runs.
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from isac.sizes import machine_memory_bytes, size_errors
from isac.studies import REGISTRY
from isac.studies.base import resolve as resolve_ref

SCHEMA_DIR = Path("workflow") / "schemas"


class ConfigError(ValueError):
    """An invalid configuration value; the message names the key and the value."""


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"missing configuration file {path}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        reason = getattr(err, "problem", None) or str(err)
        raise ConfigError(f"invalid configuration:\n  {where}: YAML syntax error: {reason}") \
            from None


def _key(path: Any) -> str:
    return ".".join(str(p) for p in path) or "<top level>"


def _reason(err: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """The most telling error of ``err``: inside ``oneOf``/``anyOf`` the branch that got
    furthest into the value (not "is not of type 'null'" for a key that also allows null)."""
    if not err.context:
        return err
    real = [e for e in err.context if not (e.validator == "type" and e.validator_value == "null")]
    return _reason(jsonschema.exceptions.best_match(real or err.context))


def _brief(value: Any) -> str:
    """The value for a message: mappings by their keys only (no dump of a whole block)."""
    if isinstance(value, dict):
        return "{" + ", ".join(map(str, value)) + "}" if len(value) <= 6 else \
            f"{{{len(value)} keys}}"
    return repr(value)


def schema_errors(instance: Any, schema: dict[str, Any], source: str) -> list[str]:
    """Human-readable schema violations: ``source: key = value: reason``; a missing key is
    named as ``source: block.key: required key missing``."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = []
    for err in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        leaf = _reason(err)
        path = [*err.absolute_path, *leaf.relative_path] if leaf is not err else \
            list(err.absolute_path)
        if leaf.validator == "required":
            missing = [k for k in leaf.validator_value if k not in leaf.instance]
            errors += [f"{source}: {_key([*path, k])}: required key missing" for k in missing]
        elif leaf.validator in ("additionalProperties", "unevaluatedProperties"):
            known = sorted(_declared(leaf.schema, schema))
            allowed = f" (allowed: {', '.join(known)})" if known else ""
            for name in re.findall(r"'([^']+)'", leaf.message.partition("(")[2]):
                if name not in known:     # a key of a failed allOf branch is declared
                    errors.append(f"{source}: {_key([*path, name])}: unknown key{allowed}")
        else:
            errors.append(f"{source}: {_key(path)} = {_brief(leaf.instance)}: {leaf.message}")
    return errors


def _declared(sub: dict[str, Any], root: dict[str, Any]) -> set[str]:
    """The property names ``sub`` declares itself or through its ``allOf`` references to
    ``#/$defs/...`` (unevaluatedProperties also reports the keys of a branch that failed on
    another error)."""
    names = set(sub.get("properties", {}))
    for part in [*sub.get("allOf", []), *([{"$ref": sub["$ref"]}] if "$ref" in sub else [])]:
        ref = part.get("$ref", "")
        target = root["$defs"][ref.rpartition("/")[2]] if ref.startswith("#/$defs/") else part
        names |= _declared(target, root)
    return names


def non_finite(value: Any, path: tuple[Any, ...] = ()) -> list[str]:
    """Keys (dotted) of every NaN or ±inf number anywhere in ``value`` (JSON Schema bounds are
    false for NaN, so the schema alone lets them through)."""
    if isinstance(value, float) and not math.isfinite(value):
        return [f"{_key(path)} = {value!r}: numbers must be finite"]
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in non_finite(v, (*path, k))]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in non_finite(v, (*path, i))]
    return []


def _raise(errors: list[str]) -> None:
    if errors:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(errors))


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``override``, recursing into nested dictionaries."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            value = merge(out[key], value)
        out[key] = value
    return out


def study_schema(root: Path, slug: str) -> dict[str, Any]:
    """The shared study skeleton completed by the study's own ``$defs`` (its sections); a
    study schema with ``extends: <study>`` starts from that study's ``$defs`` and replaces
    or adds its own (kld_isac_conf reuses the journal's model and optimiser options)."""
    skeleton = _load_yaml(root / SCHEMA_DIR / "study.schema.yaml")
    own = _load_yaml(root / SCHEMA_DIR / f"{slug}.schema.yaml")
    base = study_schema(root, own["extends"])["$defs"] if "extends" in own else {}
    schema = dict(skeleton)
    schema["$defs"] = skeleton["$defs"] | base | own["$defs"]
    return schema


def _registry_errors(slug: str, raw: dict[str, Any], source: str) -> list[str]:
    """Scenario and scheme names that the registry does not know, and figure options that
    the figures read but the file does not set."""
    study = REGISTRY[slug]
    known = {s.name for s in study.scenarios}
    errors = []
    for name, scen in raw["scenarios"].items():
        if name not in known:
            errors.append(f"{source}: scenarios.{name}: unknown scenario {name!r}; "
                          f"registered: {sorted(known)}")
            continue
        allowed = study.scenario(name).schemes
        for scheme in scen["schemes"]:
            if scheme not in allowed:
                errors.append(f"{source}: scenarios.{name}.schemes = {scheme!r}: unknown scheme "
                              f"for this scenario; registered: {list(allowed)}")
        for scheme in scen.get("options", {}):
            if scheme not in scen["schemes"]:
                errors.append(f"{source}: scenarios.{name}.options.{scheme}: the scheme is not "
                              f"run in this scenario (schemes: {scen['schemes']})")
    for scale, sc in raw["scales"].items():
        for key in ("x", "scenario_trials"):
            for name in sc.get(key, {}):
                if name not in raw["scenarios"]:
                    errors.append(f"{source}: scales.{scale}.{key}.{name}: no such scenario")
    for fig in study.figures:
        for key in fig.options:
            if key not in raw.get("figures", {}):
                errors.append(f"{source}: figures.{key} = None: {fig.name} reads this option")
    return errors


def _claims(root: Path, slug: str) -> list[dict[str, Any]]:
    """The validated claims of a study (``config/claims/<study>.yaml``; none if absent): the
    schema, then every figure, scenario and metric a claim names must exist."""
    path = root / "config" / "claims" / f"{slug}.yaml"
    if not path.exists():
        return []
    raw = _load_yaml(path)
    schema = _load_yaml(root / SCHEMA_DIR / "claims.schema.yaml")
    _raise([f"{path}: {e}" for e in non_finite(raw)] or schema_errors(raw, schema, str(path)))
    study, errors, seen = REGISTRY[slug], [], set()
    figures = {f.name: f for f in study.figures}
    for i, claim in enumerate(raw["claims"]):
        key = f"{path}: claims.{i}"
        if claim["id"] in seen:
            errors.append(f"{key}.id = {claim['id']!r}: duplicate claim id")
        seen.add(claim["id"])
        fig = figures.get(claim["figure"])
        if fig is None:
            errors.append(f"{key}.figure = {claim['figure']!r}: no such figure; registered: "
                          f"{sorted(figures)}")
            continue
        for part in ("select", "a", "b"):
            sel = claim.get(part, {})
            if "scenario" in sel and sel["scenario"] not in {sc for sc, _ in fig.needs}:
                errors.append(f"{key}.{part}.scenario = {sel['scenario']!r}: not a run of "
                              f"{fig.name}")
            if "metric" in sel and sel["metric"] not in fig.metrics:
                errors.append(f"{key}.{part}.metric = {sel['metric']!r}: not a metric of "
                              f"{fig.name}; it has {list(fig.metrics)}")
        for metric in claim.get("metrics", {}):
            if metric not in fig.metrics:
                errors.append(f"{key}.metrics.{metric}: not a metric of {fig.name}; it has "
                              f"{list(fig.metrics)}")
    _raise(errors)
    return raw["claims"]


def _study_config(slug: str, raw: dict[str, Any], scale: str, source: str,
                  limit_bytes: int) -> dict[str, Any]:
    """Apply the scale and the scenario overrides of one validated study file.

    Every scenario gets its own slice per stage: ``model`` (channels, solve, evaluate),
    ``options`` (one block per scheme, for its solve), ``evaluate``; the study keeps ``figures``
    (render). Precedence, lowest first: study section, scenario override, scale override.
    """
    study = REGISTRY[slug]
    _raise(_registry_errors(slug, raw, source))
    sc = raw["scales"][scale]
    scale_options = sc.get("options", {})
    errors = []

    def sweep(name: str, scen: dict[str, Any]) -> list[float]:
        """The scenario's x grid: scale override, else the scenario's, else the study's."""
        x = sc.get("x", {}).get(name, scen.get("x", raw.get("x")))
        if x is None:
            errors.append(f"{source}: scenarios.{name}.x: no sweep grid (set it here or the "
                          "study-level x)")
            return []
        return [float(v) for v in x]

    def trials(name: str, scen: dict[str, Any]) -> int:
        """The scale's trial count (its ``scenario_trials`` entry for this scenario, else its
        ``trials``), capped by the scenario's ``max_trials`` (e.g. a figure of one
        realisation, or 50 where the paper averages fewer than elsewhere)."""
        n = sc.get("scenario_trials", {}).get(name, sc["trials"])
        return min(n, scen.get("max_trials", n))

    def options(scheme: str, scen: dict[str, Any]) -> dict[str, Any]:
        base = raw["schemes"].get(scheme, {})
        return merge(merge(base, scen.get("options", {}).get(scheme, {})),
                     scale_options.get(scheme, {}))

    def chunk(scen: dict[str, Any]) -> int:
        """Seeds per job: the scale's, or the scenario's ``chunk_size`` when smaller (a
        scenario of slow solves split into more jobs)."""
        return min(sc["chunk_size"], scen.get("chunk_size", sc["chunk_size"]))

    cfg = {
        "figures": raw.get("figures", {}),
        "scenarios": {
            name: {"schemes": list(s["schemes"]),
                   "model": merge(raw["model"], s.get("model", {})),
                   "options": {scheme: options(scheme, s) for scheme in s["schemes"]},
                   "evaluate": merge(raw.get("evaluate", {}), s.get("evaluate", {})),
                   "x": sweep(name, s), "trials": trials(name, s), "chunk_size": chunk(s),
                   "stream": s.get("stream", name),
                   "n_chunks": math.ceil(trials(name, s) / chunk(s))}
            for name, s in raw["scenarios"].items()
        },
    }
    _raise(errors)
    if study.validate:
        _raise([f"{source}: {msg}" for msg in resolve_ref(study.validate)(cfg)])
    _raise([f"{source}: {msg}" for msg in
            size_errors(cfg, resolve_ref(study.footprint), scale, limit_bytes)])
    return cfg


def resolve(config: dict[str, Any], root: str | Path = ".") -> dict[str, Any]:
    """Validate ``config`` (the top-level dictionary) and return the resolved configuration."""
    root = Path(root)
    config = copy.deepcopy(config)
    top_schema = _load_yaml(root / SCHEMA_DIR / "config.schema.yaml")
    _raise([f"config: {e}" for e in non_finite(config)] or
           schema_errors(config, top_schema, "config"))
    unknown = [s for s in config["studies"] if s not in REGISTRY]
    _raise([f"config: studies = {s!r}: unknown study; registered: {sorted(REGISTRY)}"
            for s in unknown])
    study_dir = root / config.get("study_config_dir", "config/studies")
    limit = config.get("max_job_mem_gb")
    limit_bytes = int(limit * 2**30) if limit is not None else machine_memory_bytes()
    studies = {}
    for slug in config["studies"]:
        path = study_dir / f"{slug}.yaml"
        raw = _load_yaml(path)
        _raise([f"{path}: {e}" for e in non_finite(raw)] or
               schema_errors(raw, study_schema(root, slug), str(path)))
        studies[slug] = _study_config(slug, raw, config["scale"], str(path), limit_bytes)
        studies[slug]["claims"] = _claims(root, slug)
    return {"scale": config["scale"], "master_seed": config["master_seed"], "studies": studies,
            "max_job_bytes": limit_bytes}


def load(root: str | Path = ".", overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve ``<root>/config/config.yaml`` with optional top-level overrides (CLI use)."""
    root = Path(root)
    config = _load_yaml(root / "config" / "config.yaml") | (overrides or {})
    return resolve(config, root)
