"""The plan of a run: targets, file paths and per-job parameters.

Shared by the Snakefile and the command line (``python -m isac``), so that both compute the
same job specifications from the registry and the resolved configuration. Specifications are
plain JSON-able dictionaries that Snakemake stores as ``params``: a job reruns exactly when its
specification changes, so each holds only its own slice of the configuration (DESIGN.md,
"Configuration is scoped to stages") and the version of the numerical code it runs
(:func:`isac.provenance.code_version`; plumbing such as this module is in no hash).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from isac.provenance import code_version, config_hash
from isac.sizes import job_bytes
from isac.studies import REGISTRY
from isac.studies.base import Study, module_of
from isac.studies.base import resolve as resolve_ref

RESULTS = "results"
#: version of the on-disk layout of the tables the stages exchange (3: metric tables record
#: their run and summaries the failed solves per run); bump it when a change of
#: plumbing changes what a stage writes, so that every job reruns once
FORMAT_VERSION = 3
#: result files under ``results/<scale>/``; each scale has its own tree
TEMPLATES = {
    "channels": "{study}/channels/{scenario}/{chunk}.parquet",
    "solution": "{study}/solutions/{scenario}/{scheme}/{chunk}.parquet",
    "metrics": "{study}/metrics/{scenario}/{scheme}/{chunk}.parquet",
    "summary": "{study}/summary/{figure}.parquet",
    "figure": "figures/{study}/{figure}",
    "scorecard": "scorecard/{study}",
    "report": "report/{study}/{item}",
}
SUFFIXES = {"figure": (".pdf", ".png", ".json"),
            "table": (".parquet", ".csv", ".md", ".html", ".json")}
STYLE = Path(__file__).parent / "plotting" / "isac.mplstyle"
SUMMARY_MODULE = "isac.summary"
#: shared modules that a stage runs on top of the study's own (the seed tree; the loop over
#: points); the stage runner, I/O and this plan are plumbing and in no code version
CHANNELS_MODULES = ("isac.rng",)
SOLVE_MODULES = ("isac.contract",)
EVALUATE_MODULES = ("isac.rng",)
#: what every render runs besides the figure's plot module (the layout checks it writes into
#: the sidecar): a change redraws every figure
RENDER_MODULES = ("isac.plotting.checks",)


class CaptionFormatter(string.Formatter):
    """``str.format`` for captions, with two list conversions: ``!l`` ("a, b, c") and
    ``!d`` (angles: "a°, b°"); numbers print with ``:g`` unless a spec is given."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion in ("l", "d"):
            unit = "°" if conversion == "d" else ""
            return ", ".join(f"{v:g}{unit}".replace("-", "−") for v in value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, float | int) and not isinstance(value, bool) and not format_spec:
            return f"{value:g}".replace("-", "−")
        return super().format_field(value, format_spec)


def caption_text(template: str, context: dict[str, Any]) -> str:
    """A figure caption with every ``{...}`` field filled from the configuration (``m``: model
    per scenario, ``x``: sweep grid per scenario, ``lo``/``hi``: its ends, ``n``: draws per
    scenario, ``o``: scheme options per "scenario/scheme", ``e``: evaluate options per
    scenario, ``f``: the figure's options), so that no caption states a parameter the run
    did not use."""
    return CaptionFormatter().format(template, **context)


def chunk_name(index: int) -> str:
    return f"c{index:04d}"


class Plan:
    """Targets, file paths and job specifications of one resolved configuration."""

    def __init__(self, cfg: dict[str, Any]):
        self.cfg = cfg
        self.studies: dict[str, Study] = {s: REGISTRY[s] for s in cfg["studies"]}
        self.root = f"{RESULTS}/{cfg['scale']}"

    # ---- paths ------------------------------------------------------------------------
    def path(self, kind: str, **wildcards: str) -> str:
        """The file pattern ``kind`` of this scale's tree, filled in when wildcards are given."""
        pattern = f"{self.root}/{TEMPLATES[kind]}"
        return pattern.format(**wildcards) if wildcards else pattern

    def log(self, rule: str, pattern: str, suffix: str = ".log") -> str:
        """Log (or, with ``suffix=".tsv"``, benchmark) file of a job of ``rule``."""
        folder = "logs" if suffix == ".log" else "benchmarks"
        return f"{self.root}/{folder}/{rule}/{pattern}{suffix}"

    # ---- enumeration -------------------------------------------------------------------
    def study_cfg(self, study: str) -> dict[str, Any]:
        return self.cfg["studies"][study]

    def scenario_cfg(self, study: str, scenario: str) -> dict[str, Any]:
        return self.study_cfg(study)["scenarios"][scenario]

    def chunks(self, study: str, scenario: str) -> list[str]:
        return [chunk_name(i) for i in range(self.scenario_cfg(study, scenario)["n_chunks"])]

    def seeds(self, study: str, scenario: str, chunk: str) -> list[int]:
        """[start, stop) of the seeds of ``chunk``."""
        size = self.scenario_cfg(study, scenario)["chunk_size"]
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

    def skipped_figures(self) -> list[str]:
        """One line per registered figure that is not built because some of its runs are not
        enabled in the configuration, naming the missing runs."""
        lines = []
        for study in self.studies:
            runs = set(self.runs(study))
            for fig in self.studies[study].figures:
                missing = sorted(set(fig.needs) - runs)
                if missing:
                    names = ", ".join(f"{sc}/{sh}" for sc, sh in missing)
                    lines.append(f"{study}/{fig.name} is not built: runs {names} are not "
                                 f"enabled in config/studies/{study}.yaml")
        return lines

    def figure_files(self, study: str, figure: str) -> list[str]:
        stem = self.path("figure", study=study, figure=figure)
        return [stem + s for s in SUFFIXES[self.studies[study].figure(figure).kind]]

    def names(self, kind: str) -> list[str]:
        """Names of the registered figures (or tables) of every enabled study."""
        return sorted({f.name for s in self.studies.values() for f in s.figures
                       if f.kind == kind})

    def targets(self, studies: list[str] | None = None) -> list[str]:
        """Every figure and table file, and the scorecards, of ``studies``; with no
        ``studies``, of all of them plus the report's text (which reads every study)."""
        report = [] if studies else list(self.report_files()[1].values())
        studies = studies or list(self.studies)
        return ([path for study in studies for fig in self.figures(study)
                 for path in self.figure_files(study, fig)] + self.scorecards(studies) + report)

    def report_files(self) -> tuple[dict[str, str], dict[str, str]]:
        """Named inputs and outputs of the ``report_text`` job: every sidecar
        (``side__<study>__<figure>``) and scorecard (``card__<study>``) in; the landing page
        (``index``) and a caption per item (``caption__<study>__<figure>``, and
        ``caption__<study>__scorecard``) out."""
        inputs, outputs = {}, {"index": f"{self.root}/report/index.rst"}
        for study in self.studies:
            for fig in self.figures(study):
                inputs[f"side__{study}__{fig}"] = self.figure_files(study, fig)[-1]
                outputs[f"caption__{study}__{fig}"] = self.path("report", study=study,
                                                                item=fig) + ".rst"
            if self.claims(study):
                inputs[f"card__{study}"] = self.path("scorecard", study=study) + ".parquet"
                outputs[f"caption__{study}__scorecard"] = self.path(
                    "report", study=study, item="scorecard") + ".rst"
        return inputs, outputs

    def report_spec(self) -> dict[str, Any]:
        """What the report's text states besides its inputs: each study's title, docs and
        items (paper label, title), the scale, master seed and a hash of the configuration."""
        studies = {s: {"title": st.title, "docs": st.docs,
                       "items": [{"figure": f, "label": st.figure(f).label,
                                  "title": st.figure(f).title} for f in self.figures(s)]}
                   for s, st in self.studies.items()}
        return {"scale": self.cfg["scale"], "master_seed": self.cfg["master_seed"],
                "config_hash": config_hash(self.cfg), "studies": studies,
                "code": code_version("isac.report"), "format": FORMAT_VERSION}

    def menu(self, study: str, figure: str) -> dict[str, str]:
        """Report labels of a figure or table: the paper's name and a short title."""
        fig = self.studies[study].figure(figure)
        return {"figure": fig.label, "title": fig.title}

    def claims(self, study: str) -> list[dict[str, Any]]:
        """The study's claims whose figure is built in this configuration."""
        built = set(self.figures(study))
        return [c for c in self.study_cfg(study)["claims"] if c["figure"] in built]

    def scorecards(self, studies: list[str] | None = None) -> list[str]:
        """Scorecard files (Parquet, CSV and HTML) of the studies that have claims."""
        return [self.path("scorecard", study=s) + suffix for s in (studies or self.studies)
                if self.claims(s) for suffix in (".parquet", ".csv", ".html")]

    def scorecard_inputs(self, study: str) -> dict[str, str]:
        """Summary of every figure the study's claims read, by figure name."""
        return {f: self.path("summary", study=study, figure=f)
                for f in sorted({c["figure"] for c in self.claims(study)})}

    def scorecard_spec(self, study: str) -> dict[str, Any]:
        return {"study": study, "scale": self.cfg["scale"], "claims": self.claims(study),
                "code": code_version("isac.scorecard"), "format": FORMAT_VERSION}

    def summaries(self) -> list[str]:
        return [self.path("summary", study=s, figure=f) for s in self.studies
                for f in self.figures(s)]

    def figure_inputs(self, study: str, figure: str) -> dict[str, str]:
        """Named inputs of a render job: its summary and the channel tables it declares."""
        fig = self.studies[study].figure(figure)
        tables = {f"channels_{sc}": self.path("channels", study=study, scenario=sc,
                                              chunk=chunk_name(0)) for sc in fig.channel_tables}
        return {"summary": self.path("summary", study=study, figure=figure)} | tables

    def metric_files(self, study: str, figure: str) -> list[str]:
        fig = self.studies[study].figure(figure)
        return [self.path("metrics", study=study, scenario=sc, scheme=sh, chunk=c)
                for sc, sh in fig.needs for c in self.chunks(study, sc)]

    def mem_mb(self, stage: str, study: str, scenario: str, floor: int) -> int:
        """Declared memory of a channels, solve or evaluate job: the estimate of
        :mod:`isac.sizes` (the same the config check uses), at least ``floor`` MB."""
        s = self.scenario_cfg(study, scenario)
        sizes = resolve_ref(self.studies[study].footprint)(
            s["model"], s["x"], min(s["chunk_size"], s["trials"]))
        return max(floor, -(-job_bytes(sizes[stage]) // 2**20))

    # ---- job specifications ------------------------------------------------------------
    def model(self, study: str, scenario: str) -> dict[str, Any]:
        return self.scenario_cfg(study, scenario)["model"]

    def x(self, study: str, scenario: str) -> list[float]:
        """The sweep grid of a scenario (its meaning: the study's ``at_point``)."""
        return self.scenario_cfg(study, scenario)["x"]

    def channels_spec(self, study: str, scenario: str, chunk: str) -> dict[str, Any]:
        """Channels: the scenario's model, the chunk's seeds, the master seed and the random
        stream (the scenario's ``stream``: scenarios that share one see the same draws)."""
        ref = self.studies[study].channels
        return {"study": study, "scenario": scenario, "seeds": self.seeds(study, scenario, chunk),
                "stream": self.scenario_cfg(study, scenario)["stream"],
                "master_seed": self.cfg["master_seed"], "model": self.model(study, scenario),
                "function": ref, "code": code_version(module_of(ref), *CHANNELS_MODULES),
                "format": FORMAT_VERSION}

    def solve_spec(self, study: str, scenario: str, scheme: str) -> dict[str, Any]:
        """Solve: the model, this scheme's options and the grid; the code of the scheme and
        of the study's sweep map."""
        s = self.studies[study]
        sch = s.scheme(scheme)
        return {"study": study, "scenario": scenario, "scheme": scheme,
                "model": self.model(study, scenario),
                "options": self.scenario_cfg(study, scenario)["options"][scheme],
                "x": self.x(study, scenario), "function": sch.solve, "at_point": s.at_point,
                "per_seed": sch.per_seed,
                "code": code_version(module_of(sch.solve), module_of(s.at_point),
                                     *SOLVE_MODULES),
                "format": FORMAT_VERSION}

    def evaluate_spec(self, study: str, scenario: str, scheme: str) -> dict[str, Any]:
        """Evaluate: the model, the metric options, the grid and the master seed and stream of
        the Monte-Carlo draws (no scheme options)."""
        ref = self.studies[study].evaluate
        return {"study": study, "scenario": scenario, "scheme": scheme,
                "stream": self.scenario_cfg(study, scenario)["stream"],
                "model": self.model(study, scenario),
                "options": self.scenario_cfg(study, scenario)["evaluate"],
                "x": self.x(study, scenario), "master_seed": self.cfg["master_seed"],
                "function": ref, "code": code_version(module_of(ref), *EVALUATE_MODULES),
                "format": FORMAT_VERSION}

    def summary_spec(self, study: str, figure: str) -> dict[str, Any]:
        fig = self.studies[study].figure(figure)
        return {"study": study, "figure": figure, "metrics": list(fig.metrics),
                "entities": list(fig.entities), "code": code_version(SUMMARY_MODULE),
                "format": FORMAT_VERSION}

    def render_spec(self, study: str, figure: str) -> dict[str, Any]:
        """Render: the figure options, the labels and models the plot reads, and the
        provenance of every stage for the sidecar."""
        s, fig = self.studies[study], self.studies[study].figure(figure)
        scen = {sc: self.model(study, sc) for sc, _ in fig.needs}
        trials = {sc: self.scenario_cfg(study, sc)["trials"] for sc in scen}
        stages = {"channels": (module_of(s.channels), *CHANNELS_MODULES),
                  "evaluate": (module_of(s.evaluate), *EVALUATE_MODULES),
                  "summarise": (SUMMARY_MODULE,),
                  "render": (module_of(fig.plot), *RENDER_MODULES)}
        stages |= {f"solve:{sh}": (module_of(s.scheme(sh).solve), module_of(s.at_point),
                                   *SOLVE_MODULES) for _, sh in fig.needs}
        inputs = {"master_seed": self.cfg["master_seed"], "trials": trials, "scenarios": scen,
                  "x": {sc: self.x(study, sc) for sc in scen},
                  "options": {f"{sc}/{sh}": self.scenario_cfg(study, sc)["options"][sh]
                              for sc, sh in fig.needs},
                  "evaluate": {sc: self.scenario_cfg(study, sc)["evaluate"] for sc in scen}}
        options = {k: self.study_cfg(study)["figures"][k] for k in fig.options}
        context = {"m": scen, "x": inputs["x"], "e": inputs["evaluate"], "o": inputs["options"],
                   "f": options, "n": trials, "lo": {sc: min(v) for sc, v in inputs["x"].items()},
                   "hi": {sc: max(v) for sc, v in inputs["x"].items()}}
        return {"study": study, "figure": figure, "plot": fig.plot,
                "caption": caption_text(fig.caption, context),
                "kind": fig.kind, "scale": self.cfg["scale"], "trials": trials,
                "scenarios": scen, "evaluate": inputs["evaluate"], "x": inputs["x"],
                "options": inputs["options"],
                "scenarios_shown": {sc: s.scenario(sc).description for sc in scen},
                "labels": {sh: s.scheme(sh).label for _, sh in fig.needs},
                "runs": [list(r) for r in fig.needs],
                "figure_options": options,
                "channel_tables": {sc: self.path("channels", study=study, scenario=sc,
                                                 chunk=chunk_name(0))
                                   for sc in fig.channel_tables},
                "config_hash": config_hash(inputs),
                "code": {k: code_version(*m) for k, m in sorted(stages.items())},
                "docs": s.docs, "format": FORMAT_VERSION}
