"""The bad-configuration corpus: every class of bad input fails in the config loader (so before
any job), naming the file, the key and the value."""

from __future__ import annotations

import pytest
import yaml

from isac.config import ConfigError, resolve
from isac.workspace import ROOT

STUDIES = sorted(p.stem for p in (ROOT / "config" / "studies").glob("*.yaml"))


def _raw(slug: str) -> dict:
    return yaml.safe_load((ROOT / "config" / "studies" / f"{slug}.yaml").read_text())


def _mappings(node, path=()):
    """Every mapping of a loaded study file, as key paths."""
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _mappings(value, (*path, key))


def _numbers(node, path=()):
    if isinstance(node, bool):
        return
    if isinstance(node, int | float):
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _numbers(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _numbers(value, (*path, i))


def _resolve_with(tmp_path, slug: str, raw: dict | None = None, text: str | None = None):
    """Resolve the shipped config with one study file replaced."""
    studies = tmp_path / "config" / "studies"
    studies.mkdir(parents=True)
    for path in (ROOT / "config" / "studies").glob("*.yaml"):
        (studies / path.name).write_text(path.read_text())
    target = studies / f"{slug}.yaml"
    target.write_text(text if text is not None else yaml.safe_dump(raw))
    (tmp_path / "workflow").symlink_to(ROOT / "workflow")
    top = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    with pytest.raises(ConfigError) as info:
        resolve(top | {"scale": "ci"}, tmp_path)
    return str(info.value), str(target)


def _at(raw: dict, path: tuple) -> dict:
    for key in path:
        raw = raw[key]
    return raw


TYPO_CASES = [(slug, path) for slug in STUDIES for path in _mappings(_raw(slug))
              if path and path[-1] not in ("x", "scenario_trials")]   # map scenario names (below)


@pytest.mark.parametrize("slug, path", TYPO_CASES, ids=lambda v: ".".join(map(str, v))
                         if isinstance(v, tuple) else v)
def test_an_unknown_key_in_any_mapping_is_rejected(tmp_path, slug, path):
    raw = _raw(slug)
    _at(raw, path)["toll"] = 1
    message, source = _resolve_with(tmp_path, slug, raw)
    key = ".".join(map(str, (*path, "toll")))
    if path == ("scenarios",):      # scenario names are free keys: the value is checked
        assert f"{source}: {key} = 1: 1 is not of type 'object'" in message, message
    else:
        assert f"{source}: {key}: unknown key" in message, message


def _some_numbers(slug: str, n: int = 4) -> list[tuple]:
    numbers = list(_numbers(_raw(slug)))
    step = max(len(numbers) // n, 1)
    return numbers[::step][:n]


NAN_CASES = [(slug, path, value) for slug in STUDIES for path in _some_numbers(slug)
             for value in (float("nan"), float("inf"), -float("inf"))]


@pytest.mark.parametrize("slug, path, value", NAN_CASES)
def test_non_finite_numbers_are_rejected_by_key(tmp_path, slug, path, value):
    raw = _raw(slug)
    _at(raw, path[:-1])[path[-1]] = value
    message, source = _resolve_with(tmp_path, slug, raw)
    key = ".".join(map(str, path))
    assert f"{source}: {key} = {value!r}: numbers must be finite" in message, message


@pytest.mark.parametrize("key, value", [("x", [1.0]), ("scenario_trials", 3)])
@pytest.mark.parametrize("slug", STUDIES)
def test_a_scale_entry_for_an_unknown_scenario_is_rejected(tmp_path, slug, key, value):
    raw = _raw(slug)
    raw["scales"]["ci"].setdefault(key, {})["no_such_scenario"] = value
    message, source = _resolve_with(tmp_path, slug, raw)
    assert f"{source}: scales.ci.{key}.no_such_scenario: no such scenario" in message


@pytest.mark.parametrize("slug", STUDIES)
def test_yaml_syntax_errors_name_the_file_and_line(tmp_path, slug):
    text = (ROOT / "config" / "studies" / f"{slug}.yaml").read_text().splitlines()
    line = next(i for i, t in enumerate(text) if t.startswith("model:")) + 2
    text.insert(line - 1, "  broken: [1, 2")
    message, source = _resolve_with(tmp_path, slug, text="\n".join(text) + "\n")
    assert f"{source}:{line}" in message.replace(f"{source}:{line + 1}", f"{source}:{line}")
    assert "YAML syntax error" in message


@pytest.mark.parametrize("slug, path, value, reason", [
    ("kld_isac", ("model", "kappa"), -1, "minimum of 0"),
    ("kld_isac", ("model", "sigma_H2"), "big", "not of type 'number'"),
    ("crlb_sca", ("model", "Ns"), -1, "less than the minimum of 0"),
    ("crlb_sca", ("schemes", "alg1", "n_sensing"), 1.5, "not of type 'integer'"),
    ("mi_moo", ("model", "Nr"), 0, "less than the minimum of 1"),
])
def test_a_key_that_also_allows_null_reports_the_real_reason(tmp_path, slug, path, value,
                                                             reason):
    raw = _raw(slug)
    _at(raw, path[:-1])[path[-1]] = value
    message, _ = _resolve_with(tmp_path, slug, raw)
    assert reason in message and "'null'" not in message, message


@pytest.mark.parametrize("slug, path", [
    ("kld_isac", ("model", "N")), ("crlb_sca", ("schemes", "fp_sgda", "gamma_W")),
    ("mi_moo", ("evaluate", "beta")), ("crlb_sca", ("model", "targets", "mode")),
])
def test_a_missing_key_is_named_without_dumping_its_block(tmp_path, slug, path):
    raw = _raw(slug)
    del _at(raw, path[:-1])[path[-1]]
    message, source = _resolve_with(tmp_path, slug, raw)
    assert f"{source}: {'.'.join(path)}: required key missing" in message, message
    assert len(message) < 300, message


def test_the_corpus_is_large():
    assert len(TYPO_CASES) + len(NAN_CASES) + 3 * len(STUDIES) >= 60


@pytest.mark.parametrize("slug, path, value, expect", [
    ("kld_isac", ("model", "N"), 10**6, r"scenarios\.pr05\.model: a \w+ job would need about "
                                        r"[\d.e+]+ GiB but at most"),
    ("crlb_sca", ("model", "Ntv"), 4000, r"scenarios\.\w+\.model: a \w+ job would need"),
    ("mi_moo", ("model", "L"), 10**9, r"scenarios\.\w+\.model: a evaluate job would need"),
    ("kld_isac", ("scales", "ci", "trials"), 10**8, r"scales\.ci\.trials = 100000000: "
                                                     r"12500000 chunks of 8 seeds"),
])
def test_absurd_sizes_fail_fast_with_the_estimate(tmp_path, slug, path, value, expect):
    import time

    raw = _raw(slug)
    _at(raw, path[:-1])[path[-1]] = value
    start = time.perf_counter()
    message, source = _resolve_with(tmp_path, slug, raw)
    assert time.perf_counter() - start < 5.0
    assert source in message
    assert __import__("re").search(expect, message), message


def test_too_many_jobs_is_refused(tmp_path):
    raw = _raw("crlb_sca")
    raw["scales"]["ci"] |= {"trials": 9000, "chunk_size": 1}
    for scenario in raw["scenarios"].values():
        scenario.pop("max_trials", None)
    message, _ = _resolve_with(tmp_path, "crlb_sca", raw)
    assert "jobs; at most 50000" in message and "scales.ci" in message
