# channels -> solve -> evaluate, one job per chunk of seeds (docs/architecture.md, "Data flow").


rule channels:
    output:
        PLAN.path("channels"),
    params:
        spec=lambda w: PLAN.channels_spec(w.study, w.scenario, w.chunk),
    log:
        PLAN.log("channels", "{study}/{scenario}/{chunk}"),
    benchmark:
        PLAN.log("channels", "{study}/{scenario}/{chunk}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=lambda w: PLAN.mem_mb("channels", w.study, w.scenario, 1000),
        runtime=10,
    script:
        "../scripts/stage.py"


rule solve:
    input:
        channels=PLAN.path("channels"),
    output:
        PLAN.path("solution"),
    params:
        spec=lambda w: PLAN.solve_spec(w.study, w.scenario, w.scheme),
    log:
        PLAN.log("solve", "{study}/{scenario}/{scheme}/{chunk}"),
    benchmark:
        PLAN.log("solve", "{study}/{scenario}/{scheme}/{chunk}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=lambda w: PLAN.mem_mb("solve", w.study, w.scenario, 2000),
        runtime=60,
    script:
        "../scripts/stage.py"


rule evaluate:
    input:
        channels=PLAN.path("channels"),
        solution=PLAN.path("solution"),
    output:
        PLAN.path("metrics"),
    params:
        spec=lambda w: PLAN.evaluate_spec(w.study, w.scenario, w.scheme),
    log:
        PLAN.log("evaluate", "{study}/{scenario}/{scheme}/{chunk}"),
    benchmark:
        PLAN.log("evaluate", "{study}/{scenario}/{scheme}/{chunk}", ".tsv")
    threads: 1
    conda:
        "../../envs/isac.yaml"
    resources:
        mem_mb=lambda w: PLAN.mem_mb("evaluate", w.study, w.scenario, 2000),
        runtime=20,
    script:
        "../scripts/stage.py"
