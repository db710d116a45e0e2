"""Code versions and config hashes that make Snakemake rerun exactly what changed.

Snakemake does not see edits to imported package code, so each stage carries a parameter with
the hash of the code of the modules it uses, found by following ``isac`` imports statically
(no import is executed). The hash is of the syntax tree without docstrings, so comments,
docstrings and layout can be edited without rerunning hours of solves; any change to what
the code does reruns its jobs.
"""

from __future__ import annotations

import ast
import hashlib
import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def _module_file(name: str) -> Path | None:
    try:
        spec = find_spec(name)
    except (ImportError, AttributeError, ValueError):  # a name imported from a module
        return None
    return Path(spec.origin) if spec is not None and spec.origin else None


def _isac_imports(name: str, source: str, is_package: bool) -> set[str]:
    """Names of ``isac`` modules imported by module ``name`` (absolute and relative)."""
    found = set()
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "isac")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if base.split(".")[0] != "isac":
                continue
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


@cache
def module_closure(name: str) -> tuple[str, ...]:
    """``name`` and every ``isac`` module it imports, transitively, sorted."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        path = _module_file(mod)
        if path is None or path.suffix != ".py":
            continue
        seen.add(mod)
        todo.extend(_isac_imports(mod, path.read_text(), path.name == "__init__.py") - seen)
    return tuple(sorted(seen))


def code_text(source: str) -> str:
    """The code of a module as a canonical string: its syntax tree without docstrings (and so
    without comments and layout, which the tree never holds)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


@cache
def code_version(*modules: str) -> str:
    """Short hash of the code of ``modules`` and everything they import from ``isac``
    (:func:`code_text`; cached per process: sources do not change while a DAG is built)."""
    digest = hashlib.sha256()
    for mod in sorted({m for name in modules for m in module_closure(name)}):
        digest.update(mod.encode())
        path = _module_file(mod)
        if path is not None:
            digest.update(code_text(path.read_text()).encode())
    return digest.hexdigest()[:16]


def config_hash(obj: Any) -> str:
    """Short hash of a JSON-serialisable configuration."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()[:16]
