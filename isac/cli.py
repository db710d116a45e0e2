"""``python -m isac <stage> ...``: run any pipeline stage by hand, with Snakemake's paths.

Examples::

  python -m isac --scale ci targets
  python -m isac --scale ci channels --study kld_isac --scenario pr05 --chunk c0000
  python -m isac --scale ci solve --study kld_isac --scenario pr05 --scheme cic_zf --chunk c0000
  python -m isac --scale ci evaluate --study kld_isac --scenario pr05 --scheme cic_zf --chunk c0000
  python -m isac --scale ci summarise --study kld_isac --figure fig1
  python -m isac --scale ci render --study kld_isac --figure fig1
  python -m isac --scale ci verify [--delete]  # unreadable result files of the scale
  python -m isac --scale ci verdicts  # study,id,kind,verdict of every scorecard (CSV)
  python -m isac --scale paper plan --cores 32  # jobs, job-hours, longest job, wall time

Options (``--scale``, ``--root``) come before the stage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from isac import config as config_mod  # noqa: E402
from isac import io, stages  # noqa: E402
from isac import pipeline as P  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m isac", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="project root (config/, workflow/schemas/)")
    parser.add_argument("--scale", choices=["paper", "quick", "ci"], help="override the scale")
    sub = parser.add_subparsers(dest="stage", required=True)
    sub.add_parser("targets", help="list the figure files of the configured run")
    verify = sub.add_parser("verify", help="check every result file of the scale (footer, "
                                           "schema, tensors) and list what to delete")
    verify.add_argument("--delete", action="store_true", help="delete what fails the check")
    sub.add_parser("verdicts", help="print study, claim id, kind and verdict of every "
                                    "scorecard of the scale as CSV (the CI baseline: "
                                    "tests/baselines/ci_verdicts.csv)")
    plan = sub.add_parser("plan", help="job count, job-hours, longest job and predicted wall "
                                       "time per study on N cores (from benchmark files)")
    plan.add_argument("--cores", type=int, default=2, help="cores (single-core job slots)")
    needs = {"channels": ("study", "scenario", "chunk"),
             "solve": ("study", "scenario", "scheme", "chunk"),
             "evaluate": ("study", "scenario", "scheme", "chunk"),
             "summarise": ("study", "figure"), "render": ("study", "figure")}
    for stage, args in needs.items():
        p = sub.add_parser(stage)
        for arg in args:
            p.add_argument(f"--{arg}", required=True)
    return parser


def _verify(root: str, delete: bool) -> int:
    """Print the unreadable result files under ``root``; delete them with ``delete``."""
    problems = io.verify(root)
    for line in problems:
        print(line)
    if delete:
        for line in problems:
            os.remove(line.split(": ", 1)[0])
        print(f"deleted {len(problems)} file(s); the plain snakemake command rebuilds them")
        return 0
    print(f"{len(problems)} problem(s) under {root}" + (
        "; rerun with --delete, then the plain snakemake command" if problems else ""))
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = {"scale": args.scale} if args.scale else {}
    try:
        plan = P.Plan(config_mod.load(args.root, overrides))
    except config_mod.ConfigError as err:
        print(err, file=sys.stderr)
        return 2
    w = {k: v for k, v in vars(args).items()
         if k not in ("root", "scale", "stage", "delete", "cores")}
    if args.stage == "plan":
        from isac import planner

        print(planner.report(args.root, plan.cfg["scale"], args.cores))
        return 0
    if args.stage == "verify":
        return _verify(os.path.join(args.root, plan.root), args.delete)
    if args.stage == "verdicts":
        import pandas as pd

        cards = [io.read_table(os.path.join(args.root, p))[0].assign(study=Path(p).stem)
                 for p in plan.scorecards() if p.endswith(".parquet")]
        table = pd.concat(cards, ignore_index=True)[["study", "id", "kind", "verdict"]]
        print(table.to_csv(index=False), end="")
        return 0
    if args.stage == "targets":
        for line in plan.skipped_figures():
            print(f"warning: {line}", file=sys.stderr)
        print("\n".join(plan.targets()))
    elif args.stage == "channels":
        stages.run_channels(plan.channels_spec(**w), plan.path("channels", **w))
    elif args.stage == "solve":
        stages.run_solve(plan.solve_spec(w["study"], w["scenario"], w["scheme"]),
                         plan.path("channels", **w), plan.path("solution", **w))
    elif args.stage == "evaluate":
        stages.run_evaluate(plan.evaluate_spec(w["study"], w["scenario"], w["scheme"]),
                            plan.path("channels", **w), plan.path("solution", **w),
                            plan.path("metrics", **w))
    elif args.stage == "summarise":
        stages.run_summarise(plan.summary_spec(**w), plan.metric_files(**w),
                             plan.path("summary", **w))
    elif args.stage == "render":
        kind = plan.studies[w["study"]].figure(w["figure"]).kind
        stages.run_render(plan.render_spec(**w), plan.path("summary", **w),
                          str(P.STYLE) if kind == "figure" else None, plan.figure_files(**w))
    return 0
