# summarise -> render, and the target rules (DESIGN.md, "Figures").


rule figures:
    default_target: True
    input:
        PLAN.targets(),


rule all:
    input:
        PLAN.targets(),
        summary_outputs(),


for _study in STUDIES:

    rule:
        name:
            _study
        input:
            PLAN.targets([_study]),


rule summarise:
    input:
        metric_inputs,
    output:
        pipeline.SUMMARY,
    params:
        spec=lambda w: PLAN.summary_spec(w.study, w.figure),
    log:
        "results/logs/summarise/{study}/{figure}.log",
    benchmark:
        "results/benchmarks/summarise/{study}/{figure}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=4000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule render:
    wildcard_constraints:
        figure=one_of(PLAN.names("figure")),
    input:
        summary=pipeline.SUMMARY,
        style=STYLE,
    output:
        pdf=f"{pipeline.FIGURE}.pdf",
        png=report(
            f"{pipeline.FIGURE}.png",
            caption="../report/figure.rst",
            category="{study}",
        ),
        sidecar=f"{pipeline.FIGURE}.json",
    params:
        spec=lambda w: PLAN.render_spec(w.study, w.figure),
    log:
        "results/logs/render/{study}/{figure}.log",
    benchmark:
        "results/benchmarks/render/{study}/{figure}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule tabulate:
    wildcard_constraints:
        figure=one_of(PLAN.names("table")),
    input:
        summary=pipeline.SUMMARY,
        style=STYLE,
    output:
        parquet=f"{pipeline.FIGURE}.parquet",
        csv=f"{pipeline.FIGURE}.csv",
        md=f"{pipeline.FIGURE}.md",
        sidecar=f"{pipeline.FIGURE}.json",
    params:
        spec=lambda w: PLAN.render_spec(w.study, w.figure),
    log:
        "results/logs/render/{study}/{figure}.log",
    benchmark:
        "results/benchmarks/render/{study}/{figure}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/stage.py"
