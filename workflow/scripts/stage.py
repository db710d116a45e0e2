"""Thin adapter: hand Snakemake's inputs, outputs and params to the matching isac stage."""

import os
import sys
from pathlib import Path

# One BLAS thread per job (parallelism comes from jobs), set before NumPy is imported; and the
# isac package that sits next to this workflow, installed or not.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1]))  # noqa: F821

from isac import io, stages  # noqa: E402

sys.stderr = sys.stdout = open(snakemake.log[0], "w")  # noqa: F821, SIM115
spec, inp, out = snakemake.params.spec, snakemake.input, snakemake.output  # noqa: F821
rule = snakemake.rule  # noqa: F821
if rule in ("channels", "solve", "evaluate"):
    io.hide_pandas()  # these stages use NumPy columns; see isac.io.hide_pandas
if rule == "channels":
    stages.run_channels(spec, out[0])
elif rule == "solve":
    stages.run_solve(spec, inp.channels, out[0])
elif rule == "evaluate":
    stages.run_evaluate(spec, inp.channels, inp.solution, out[0])
elif rule == "summarise":
    stages.run_summarise(spec, list(inp), out[0])
elif rule == "render":
    stages.run_render(spec, inp.summary, inp.style, [out.pdf, out.png, out.sidecar])
elif rule == "report_text":
    stages.run_report_text(spec, dict(inp.items()), dict(out.items()))
elif rule == "scorecard":
    stages.run_scorecard(spec, dict(inp.items()), out.parquet, out.csv, out.html)
elif rule == "tabulate":
    stages.run_render(spec, inp.summary, None, [out.parquet, out.csv, out.md, out.html,
                                                 out.sidecar])
else:
    raise ValueError(f"no isac stage for rule {rule!r}")
