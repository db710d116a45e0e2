# isac-repro: rebuild every figure of the ISAC studies registered in isac.studies.
#   snakemake --cores all figures                      (paper scale, the default)
#   snakemake --cores all figures --config scale=quick (preview)
#   snakemake --report results/report.zip figures      (the report of the last run)
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/landing.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/simulate.smk"
include: "workflow/rules/figures.smk"
