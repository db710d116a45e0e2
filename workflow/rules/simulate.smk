# channels -> solve -> evaluate, one job per chunk of seeds (DESIGN.md, "Data flow").


rule channels:
    output:
        pipeline.CHANNELS,
    params:
        spec=lambda w: PLAN.channels_spec(w.study, w.scenario, w.chunk),
    log:
        "results/logs/channels/{study}/{scenario}/{chunk}.log",
    benchmark:
        "results/benchmarks/channels/{study}/{scenario}/{chunk}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/stage.py"


rule solve:
    input:
        channels=pipeline.CHANNELS,
    output:
        pipeline.SOLUTION,
    params:
        spec=lambda w: PLAN.solve_spec(w.study, w.scenario, w.scheme),
    log:
        "results/logs/solve/{study}/{scenario}/{scheme}/{chunk}.log",
    benchmark:
        "results/benchmarks/solve/{study}/{scenario}/{scheme}/{chunk}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    script:
        "../scripts/stage.py"


rule evaluate:
    input:
        channels=pipeline.CHANNELS,
        solution=pipeline.SOLUTION,
    output:
        pipeline.METRICS,
    params:
        spec=lambda w: PLAN.evaluate_spec(w.study, w.scenario, w.scheme),
    log:
        "results/logs/evaluate/{study}/{scenario}/{scheme}/{chunk}.log",
    benchmark:
        "results/benchmarks/evaluate/{study}/{scenario}/{scheme}/{chunk}.tsv"
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=2000,
        runtime=20,
    script:
        "../scripts/stage.py"
