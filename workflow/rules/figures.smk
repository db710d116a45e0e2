# summarise -> render, and the target rules (docs/architecture.md, "Data flow").


rule figures:
    localrule: True
    default_target: True
    input:
        PLAN.targets(),


rule all:
    localrule: True
    input:
        PLAN.targets(),
        PLAN.summaries(),


for _study in STUDIES:

    rule:
        localrule: True
        name:
            _study
        input:
            PLAN.targets([_study]),


rule scorecard:
    localrule: True
    input:
        unpack(lambda w: PLAN.scorecard_inputs(w.study)),
    output:
        parquet=PLAN.path("scorecard") + ".parquet",
        csv=PLAN.path("scorecard") + ".csv",
        html=report(
            PLAN.path("scorecard") + ".html",
            caption="../report/scorecard.rst",
            category="{study}",
            subcategory="Scorecard",
            labels={"figure": "Scorecard", "title": "Claims and verdicts"},
        ),
    params:
        spec=lambda w: PLAN.scorecard_spec(w.study),
    log:
        PLAN.log("scorecard", "{study}"),
    benchmark:
        PLAN.log("scorecard", "{study}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule summarise:
    localrule: True
    input:
        metric_inputs,
    output:
        PLAN.path("summary"),
    params:
        spec=lambda w: PLAN.summary_spec(w.study, w.figure),
    log:
        PLAN.log("summarise", "{study}/{figure}"),
    benchmark:
        PLAN.log("summarise", "{study}/{figure}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=4000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule render:
    localrule: True
    wildcard_constraints:
        figure=one_of(PLAN.names("figure")),
    input:
        unpack(figure_inputs),
    output:
        pdf=PLAN.path("figure") + ".pdf",
        png=report(
            PLAN.path("figure") + ".png",
            caption="../report/figure.rst",
            category="{study}",
            subcategory=lambda w: PLAN.menu(w.study, w.figure)["figure"],
            labels=lambda w: PLAN.menu(w.study, w.figure),
        ),
        sidecar=PLAN.path("figure") + ".json",
    params:
        spec=lambda w: PLAN.render_spec(w.study, w.figure),
    log:
        PLAN.log("render", "{study}/{figure}"),
    benchmark:
        PLAN.log("render", "{study}/{figure}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule tabulate:
    localrule: True
    wildcard_constraints:
        figure=one_of(PLAN.names("table")),
    input:
        unpack(figure_inputs),
    output:
        parquet=PLAN.path("figure") + ".parquet",
        csv=PLAN.path("figure") + ".csv",
        md=PLAN.path("figure") + ".md",
        html=report(
            PLAN.path("figure") + ".html",
            caption="../report/figure.rst",
            category="{study}",
            subcategory=lambda w: PLAN.menu(w.study, w.figure)["figure"],
            labels=lambda w: PLAN.menu(w.study, w.figure),
        ),
        sidecar=PLAN.path("figure") + ".json",
    params:
        spec=lambda w: PLAN.render_spec(w.study, w.figure),
    log:
        PLAN.log("tabulate", "{study}/{figure}"),
    benchmark:
        PLAN.log("tabulate", "{study}/{figure}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/stage.py"


# The report's text (landing page and captions) from every sidecar and scorecard; the
# templates in workflow/report/ include it (snakemake --report results/report.zip figures).
rule report_text:
    localrule: True
    input:
        **PLAN.report_files()[0],
    output:
        **PLAN.report_files()[1],
    params:
        spec=PLAN.report_spec(),
    log:
        PLAN.log("report_text", "all"),
    benchmark:
        PLAN.log("report_text", "all", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/stage.py"
