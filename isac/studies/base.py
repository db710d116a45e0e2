"""Registry records: what a study is made of (docs/architecture.md, "Layout").

Stage functions are referenced as ``"module:function"`` strings so that reading the registry
(at DAG-build time) imports no numerics, and so that each stage's code version can be hashed
from its own module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any


def resolve(ref: str) -> Callable[..., Any]:
    """Import ``"package.module:function"``."""
    module, _, name = ref.partition(":")
    return getattr(import_module(module), name)


def module_of(ref: str) -> str:
    return ref.partition(":")[0]


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that imports ``package.<module>`` only when one of
    its ``exports`` (name -> module) is first used: ``from isac.studies.crlb_sca import
    two_layer_sca`` works, while reading the registry imports no numerics."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{exports[name]}"), name)

    return __getattr__


Params = dict[str, Any]


def check_scenarios(study_cfg: dict[str, Any],
                    sweep_errors: Callable[[str, Params, list[float]], list[str]],
                    model_errors: Callable[[str, Params, list[float]], list[str]]) -> list[str]:
    """Every scenario's sweep errors (called with the scenario name) and, where the sweep is
    valid, its model errors (called with the key ``scenarios.<name>.model``)."""
    errors = []
    for name, scenario in study_cfg["scenarios"].items():
        p, x = scenario["model"], scenario["x"]
        errors += sweep_errors(name, p, x) or model_errors(f"scenarios.{name}.model", p, x)
    return errors


@dataclass(frozen=True)
class Scheme:
    """An algorithm or baseline.

    ``solve`` names its per-point function ``(q, options, draw, chunk) -> PointResult``
    (:mod:`isac.contract`); its options are the study config's ``schemes.<name>`` block.
    ``per_seed``: the design does not depend on the sweep x (one solve per seed).
    """

    name: str
    solve: str
    label: str
    uses_zf: bool = False
    per_seed: bool = False


@dataclass(frozen=True)
class Scenario:
    """A named parameter set swept over ``x``; its parameters come from the study config."""

    name: str
    schemes: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Figure:
    """A figure (or table): the (scenario, scheme) runs and metrics it needs, and its plotter.

    ``plot`` is called as ``plot(summary, spec, style)``; ``kind="table"``: ``plot(summary,
    spec)`` returns a DataFrame, written as Parquet, CSV and Markdown. The metrics
    ``iterations`` and ``runtime_s`` come from the solver columns of every run.
    ``title``: a few words for the report's menu ("Trade-off region").
    ``channel_tables``: scenarios whose first channel chunk (its first draws, e.g. one draw's
    geometry) the plot reads besides the summary; it then gets ``channels={scenario:
    (columns, tensors)}``.
    ``options``: the keys of the study's ``figures`` section this plot reads (it gets only
    those, so changing an option reruns only the renders that read it).
    """

    name: str
    plot: str
    needs: tuple[tuple[str, str], ...]
    metrics: tuple[str, ...]
    caption: str
    entities: tuple[str, ...] = ()
    kind: str = "figure"
    channel_tables: tuple[str, ...] = ()
    title: str = ""
    options: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The paper's name of the figure ("Fig. 3", "Table I"): the caption up to its first
        colon, from "Fig." or "Table" on (without a prefix naming the paper: "J ", "C ")."""
        head = self.caption.split(":", 1)[0]
        return re.sub(r"^.*?(?=Fig\.|Table)", "", head)


@dataclass(frozen=True)
class Study:
    """One paper: channel generator, sweep map, schemes, evaluator, figures and a config
    validator.

    ``at_point`` names ``(model, x) -> q``, the one place that says what the sweep variable x
    of a scenario means; ``channels`` ``(model, rngs) -> tensors``; ``evaluate``
    ``(model, options, channels, solution, x, mc) -> metrics``, where ``mc`` holds one
    Monte-Carlo seed per channel draw (``np.random.default_rng(mc[i])`` restarts seed i's
    stream, so every scheme and x of a seed sees the same Monte-Carlo draws).
    ``footprint`` ``(model, x, n_seeds) -> {stage: complex elements}`` sizes the jobs
    (:mod:`isac.sizes`).
    """

    slug: str
    title: str
    channels: str
    at_point: str
    evaluate: str
    footprint: str
    scenarios: tuple[Scenario, ...]
    schemes: tuple[Scheme, ...]
    figures: tuple[Figure, ...]
    validate: str | None = None
    docs: str = ""

    def scheme(self, name: str) -> Scheme:
        return {s.name: s for s in self.schemes}[name]

    def scenario(self, name: str) -> Scenario:
        return {s.name: s for s in self.scenarios}[name]

    def figure(self, name: str) -> Figure:
        return {f.name: f for f in self.figures}[name]
