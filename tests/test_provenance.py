"""Code versions follow isac imports and change exactly when a used module changes."""

from __future__ import annotations

import sys

from isac.provenance import code_version, config_hash, module_closure


def _clear():
    module_closure.cache_clear()
    code_version.cache_clear()


def test_closure_follows_imports():
    closure = module_closure("isac.studies.kld_isac.evaluate")
    assert {"isac.studies.kld_isac.kld", "isac.core.comm", "isac.studies.kld_isac.detection",
            "isac.studies.kld_isac.model", "isac.core.channels"} <= set(closure)
    assert "isac.studies.kld_isac.figures" not in closure
    assert "isac.core.precoders" not in closure


def test_code_version_changes_with_a_used_module(tmp_path, monkeypatch):
    pkg = tmp_path / "isac"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "a.py").write_text("from isac.sub import b\n")
    (pkg / "sub" / "b.py").write_text("X = 1\n")
    (pkg / "sub" / "c.py").write_text("Y = 1\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    for name in [m for m in sys.modules if m == "isac" or m.startswith("isac.")]:
        monkeypatch.delitem(sys.modules, name)
    try:
        _check_versions(pkg)
    finally:
        _clear()
        for name in [m for m in sys.modules if m.startswith("isac.sub")]:
            del sys.modules[name]


def _check_versions(pkg):
    _clear()
    before = code_version("isac.sub.a")
    (pkg / "sub" / "c.py").write_text("Y = 2\n")            # not imported by a
    _clear()
    assert code_version("isac.sub.a") == before
    (pkg / "sub" / "b.py").write_text("X = 2\n")            # imported by a
    _clear()
    assert code_version("isac.sub.a") != before


def test_config_hash_is_order_independent():
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": [1, 2], "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})


PLUMBING = {"isac.stages", "isac.io", "isac.pipeline", "isac.cli", "isac.config",
            "isac.workspace", "isac.provenance", "isac.summary", "isac.studies",
            "isac.studies.base"}


def test_numerical_code_versions_hash_no_plumbing():
    """Every channels, solve and evaluate closure of every study is free of the stage runner,
    I/O, plan, CLI and plotting; renders see plotting but no plumbing either."""
    from isac.studies import REGISTRY
    from isac.studies.base import module_of

    for study in REGISTRY.values():
        numerical = [study.channels, study.at_point, study.evaluate,
                     *(s.solve for s in study.schemes)]
        for ref in numerical:
            closure = set(module_closure(module_of(ref)))
            assert not closure & PLUMBING, (ref, closure & PLUMBING)
            assert not any(m.startswith("isac.plotting") for m in closure), ref
        for fig in study.figures:
            assert not set(module_closure(module_of(fig.plot))) & PLUMBING, fig.name


def test_code_text_ignores_comments_docstrings_and_layout():
    from isac.provenance import code_text

    a = 'def f(x):\n    """Doc."""\n    return x + 1  # one\n'
    b = ('# header\ndef f(x):\n    """Another doc,\n    longer."""\n\n'
         '    return (x +\n            1)\n')
    c = 'def f(x):\n    return x + 2\n'
    d = 'def f(x):\n    """Doc."""\n'
    assert code_text(a) == code_text(b)
    assert code_text(a) != code_text(c)
    assert code_text(d) == code_text("def f(x):\n    pass\n")
