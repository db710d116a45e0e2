# Configuration, registry and target lists. No study-specific code: everything comes from
# the isac.studies registry and the validated configuration.
import os
import sys
from pathlib import Path

from snakemake.utils import validate

ROOT = Path(workflow.basedir)
# The workflow uses the isac package next to this Snakefile, installed or not (the job
# adapter workflow/scripts/stage.py does the same).
sys.path.insert(0, str(ROOT))

from isac import config as isac_config  # noqa: E402
from isac import pipeline  # noqa: E402

# isac's validation first (its messages name the file, key and value), then Snakemake's.
try:
    CFG = isac_config.resolve(config, ROOT)
except isac_config.ConfigError as err:
    raise WorkflowError(str(err)) from None
validate(config, str(ROOT / "workflow" / "schemas" / "config.schema.yaml"))
PLAN = pipeline.Plan(CFG)
STUDIES = list(PLAN.studies)
for _line in PLAN.skipped_figures():
    print(f"warning: {_line}", file=sys.stderr)
if not workflow.dryrun and not workflow.remote_exec:
    # the scheduling process (any executor) prints the time left after every job
    try:
        _SLOTS = workflow.cores if workflow.local_exec else workflow.nodes
    except WorkflowError:  # no --cores: not a run that executes jobs (e.g. --report)
        _SLOTS = None
    if _SLOTS:
        from snakemake.logging import logger as _logger

        from isac import progress

        progress.attach(_logger, str(ROOT), CFG["scale"], STUDIES, _SLOTS)
STYLE = os.path.relpath(pipeline.STYLE)  # relative, so that the DAG does not depend on where
# the project is checked out
NAME = "[A-Za-z0-9_]+"


wildcard_constraints:
    study="|".join(STUDIES),
    scenario=NAME,
    scheme=NAME,
    figure=NAME,
    chunk=r"c\d{4}",


def one_of(names):
    """A wildcard pattern matching exactly ``names`` (nothing if empty)."""
    return "|".join(names) or "(?!)"


def metric_inputs(wildcards):
    return PLAN.metric_files(wildcards.study, wildcards.figure)


def figure_inputs(wildcards):
    """Summary and declared channel tables of a figure; figures also read the style file."""
    inputs = PLAN.figure_inputs(wildcards.study, wildcards.figure)
    kind = PLAN.studies[wildcards.study].figure(wildcards.figure).kind
    return inputs | ({"style": STYLE} if kind == "figure" else {})


onstart:
    # temporary files of writes that a killed job left behind (outputs are written to a
    # hidden .part sibling and renamed; Snakemake's lock keeps other runs out meanwhile)
    for _part in Path(PLAN.root).rglob(".*.part"):
        _part.unlink(missing_ok=True)
