"""``python -m isac <stage> ...``: run any pipeline stage by hand, with Snakemake's paths.

Examples::

    python -m isac targets --scale ci
    python -m isac channels --study kld_isac --scenario pr05 --chunk c0000 --scale ci
    python -m isac solve    --study kld_isac --scenario pr05 --scheme cic_zf --chunk c0000
    python -m isac evaluate --study kld_isac --scenario pr05 --scheme cic_zf --chunk c0000
    python -m isac summarise --study kld_isac --figure fig1
    python -m isac render    --study kld_isac --figure fig1
"""

from __future__ import annotations

import argparse
import os
import sys

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from isac import config as config_mod  # noqa: E402
from isac import pipeline as P  # noqa: E402
from isac import stages  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m isac", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="project root (config/, workflow/schemas/)")
    parser.add_argument("--scale", choices=["paper", "quick", "ci"], help="override the scale")
    sub = parser.add_subparsers(dest="stage", required=True)
    sub.add_parser("targets", help="list the figure files of the configured run")
    needs = {"channels": ("study", "scenario", "chunk"),
             "solve": ("study", "scenario", "scheme", "chunk"),
             "evaluate": ("study", "scenario", "scheme", "chunk"),
             "summarise": ("study", "figure"), "render": ("study", "figure")}
    for stage, args in needs.items():
        p = sub.add_parser(stage)
        for arg in args:
            p.add_argument(f"--{arg}", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = {"scale": args.scale} if args.scale else {}
    try:
        plan = P.Plan(config_mod.load(args.root, overrides))
    except config_mod.ConfigError as err:
        print(err, file=sys.stderr)
        return 2
    w = {k: v for k, v in vars(args).items() if k not in ("root", "scale", "stage")}
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
