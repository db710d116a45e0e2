"""The plan of a run: targets, file paths and per-job parameters.

Shared by the Snakefile and the command line (``python -m isac``), so that both compute the
same job specifications from the registry and the resolved configuration. Specifications are
plain JSON-able dictionaries: Snakemake stores them as ``params`` and reruns a job exactly when
its specification (parameters or code version) changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isac.provenance import code_version, config_hash
from isac.studies import REGISTRY
from isac.studies.base import Study, module_of

RESULTS = "results"
CHANNELS = RESULTS + "/{study}/channels/{scenario}/{chunk}.parquet"
SOLUTION = RESULTS + "/{study}/solutions/{scenario}/{scheme}/{chunk}.parquet"
METRICS = RESULTS + "/{study}/metrics/{scenario}/{scheme}/{chunk}.parquet"
SUMMARY = RESULTS + "/{study}/summary/{figure}.parquet"
FIGURE = RESULTS + "/figures/{study}/{figure}"
SUFFIXES = {"figure": (".pdf", ".png", ".json"), "table": (".parquet", ".csv", ".md", ".json")}
STYLE = Path(__file__).parent / "plotting" / "isac.mplstyle"
SUMMARY_MODULE = "isac.summary"


def chunk_name(index: int) -> str:
    return f"c{index:04d}"


class Plan:
    """Targets and job specifications of one resolved configuration."""

    def __init__(self, cfg: dict[str, Any]):
        self.cfg = cfg
        self.studies: dict[str, Study] = {s: REGISTRY[s] for s in cfg["studies"]}

    # ---- enumeration -------------------------------------------------------------------
    def study_cfg(self, study: str) -> dict[str, Any]:
        return self.cfg["studies"][study]

    def scenario_cfg(self, study: str, scenario: str) -> dict[str, Any]:
        return self.study_cfg(study)["scenarios"][scenario]

    def chunks(self, study: str, scenario: str) -> list[str]:
        return [chunk_name(i) for i in range(self.scenario_cfg(study, scenario)["n_chunks"])]

    def seeds(self, study: str, scenario: str, chunk: str) -> list[int]:
        """[start, stop) of the seeds of ``chunk``."""
        size = self.study_cfg(study)["chunk_size"]
        i = int(chunk[1:])
        return [i * size, min((i + 1) * size, self.scenario_cfg(study, scenario)["trials"])]

    def runs(self, study: str) -> list[tuple[str, str]]:
        """Enabled (scenario, scheme) pairs."""
        return [(name, scheme) for name, s in self.study_cfg(study)["scenarios"].items()
                for scheme in s["schemes"]]

    def figures(self, study: str) -> list[str]:
        """Figures whose runs are all enabled."""
        runs = set(self.runs(study))
        return [f.name for f in self.studies[study].figures if set(f.needs) <= runs]

    # ---- paths ------------------------------------------------------------------------
    def figure_files(self, study: str, figure: str) -> list[str]:
        stem = FIGURE.format(study=study, figure=figure)
        return [stem + s for s in SUFFIXES[self.studies[study].figure(figure).kind]]

    def names(self, kind: str) -> list[str]:
        """Names of the registered figures (or tables) of every enabled study."""
        return sorted({f.name for s in self.studies.values() for f in s.figures
                       if f.kind == kind})

    def targets(self, studies: list[str] | None = None) -> list[str]:
        return [path for study in (studies or list(self.studies))
                for fig in self.figures(study) for path in self.figure_files(study, fig)]

    def metric_files(self, study: str, figure: str) -> list[str]:
        fig = self.studies[study].figure(figure)
        return [METRICS.format(study=study, scenario=sc, scheme=sh, chunk=c)
                for sc, sh in fig.needs for c in self.chunks(study, sc)]

    # ---- job specifications ------------------------------------------------------------
    def params(self, study: str, scenario: str) -> dict[str, Any]:
        return self.scenario_cfg(study, scenario)["params"]

    def x(self, study: str, scenario: str) -> list[float]:
        """The sweep grid of a scenario (e.g. P_R/N_o in dB, transmit power, user count)."""
        return self.scenario_cfg(study, scenario)["x"]

    def channels_spec(self, study: str, scenario: str, chunk: str) -> dict[str, Any]:
        s = self.studies[study]
        return {"study": study, "scenario": scenario, "seeds": self.seeds(study, scenario, chunk),
                "master_seed": self.cfg["master_seed"], "params": self.params(study, scenario),
                "function": s.channels, "code": code_version(module_of(s.channels))}

    def solve_spec(self, study: str, scenario: str, scheme: str) -> dict[str, Any]:
        ref = self.studies[study].scheme(scheme).solve
        return {"study": study, "scenario": scenario, "scheme": scheme,
                "params": self.params(study, scenario), "x": self.x(study, scenario),
                "function": ref, "code": code_version(module_of(ref))}

    def evaluate_spec(self, study: str, scenario: str, scheme: str) -> dict[str, Any]:
        ref = self.studies[study].evaluate
        return {"study": study, "scenario": scenario, "scheme": scheme,
                "params": self.params(study, scenario), "x": self.x(study, scenario),
                "function": ref, "code": code_version(module_of(ref))}

    def summary_spec(self, study: str, figure: str) -> dict[str, Any]:
        fig = self.studies[study].figure(figure)
        return {"study": study, "figure": figure, "metrics": list(fig.metrics),
                "entities": list(fig.entities), "code": code_version(SUMMARY_MODULE)}

    def render_spec(self, study: str, figure: str) -> dict[str, Any]:
        s, fig = self.studies[study], self.studies[study].figure(figure)
        scen = {sc: self.params(study, sc) for sc, _ in fig.needs}
        stages = {"channels": module_of(s.channels), "evaluate": module_of(s.evaluate),
                  "summarise": SUMMARY_MODULE, "render": module_of(fig.plot)}
        stages |= {f"solve:{sh}": module_of(s.scheme(sh).solve) for _, sh in fig.needs}
        return {"study": study, "figure": figure, "plot": fig.plot, "caption": fig.caption,
                "kind": fig.kind,
                "scale": self.cfg["scale"],
                "trials": {sc: self.scenario_cfg(study, sc)["trials"] for sc in scen},
                "scenarios": scen, "labels": {sh: s.scheme(sh).label for _, sh in fig.needs},
                "config_hash": config_hash({"master_seed": self.cfg["master_seed"],
                                            "trials": {sc: self.scenario_cfg(study, sc)["trials"]
                                                       for sc in scen},
                                            "scenarios": scen,
                                            "x": {sc: self.x(study, sc) for sc in scen}}),
                "code": {k: code_version(m) for k, m in sorted(stages.items())},
                "docs": s.docs}
