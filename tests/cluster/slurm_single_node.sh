#!/usr/bin/env bash
# The SLURM profile against a real one-node SLURM: bring the cluster up (slurm_up.sh), build
# one study's `ci` figures through workflow/profiles/slurm, check that every output exists
# and that the metric tables equal a local run's, check that a failing job is reported as a
# SLURM failure with a non-zero exit, and stop the daemons (slurm_down.sh, from a trap).
#   bash tests/cluster/slurm_single_node.sh [study]        (default kld_isac_conf)
# Exit 0 = passed, 77 = skipped (the reason is printed), anything else = failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/cluster
study=${1:-kld_isac_conf}
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "not root: the SLURM daemons cannot be started"
command -v apt-get >/dev/null || skip "no apt-get: SLURM is installed from Debian packages"
python -c "import snakemake_executor_plugin_slurm" 2>/dev/null \
    || skip "snakemake-executor-plugin-slurm is not installed (pip install -e '.[slurm]')"

trap '"$here/slurm_down.sh"' EXIT
rc=0; "$here/slurm_up.sh" || rc=$?
[ "$rc" = 77 ] && skip "the SLURM packages could not be installed"
[ "$rc" = 0 ] || exit "$rc"

work=$(mktemp -d /tmp/isac-slurm.XXXXXX)
copy() {   # the project tree without results, caches or the venv
    mkdir -p "$1"
    tar -C "$root" --exclude=./results --exclude=./.snakemake --exclude=./.venv \
        --exclude=./.git --exclude='*/__pycache__' -cf - . | tar -C "$1" -xf -
}
copy "$work/local"; copy "$work/slurm"

# the repository's profile plus this site's partition and account
mkdir -p "$work/profile"
sed -e 's/^default-resources:.*/&\n  slurm_partition: debug\n  slurm_account: ci/' \
    -e 's/^slurm-init-seconds-before-status-checks:.*/slurm-init-seconds-before-status-checks: 1/' \
    "$root/workflow/profiles/slurm/config.yaml" > "$work/profile/config.yaml"
grep -q "slurm_account: ci" "$work/profile/config.yaml"

args=(--config scale=ci "studies=[$study]")
start=$(date +%s)
(cd "$work/local" && snakemake --cores 2 --quiet "${args[@]}" -- "$study")
echo "local run: $(( $(date +%s) - start )) s"
start=$(date +%s)
since=$(date -d "@$start" +%Y-%m-%dT%H:%M:%S)
(cd "$work/slurm" && timeout 1500 snakemake --profile "$work/profile" --quiet "${args[@]}" \
    -- "$study") 2>&1 | tee "$work/slurm.log"
echo "SLURM run: $(( $(date +%s) - start )) s"

# every submission completed, and each solve went with its evaluate as one SLURM job
n_sub=$(grep -c "has been submitted with SLURM jobid" "$work/slurm.log" || true)
n_group=$(grep -c "slurm_logs/group_simulate" "$work/slurm.log" || true)
n_alone=$(grep -Ec "slurm_logs/rule_(solve|evaluate)/" "$work/slurm.log" || true)
n_sacct=$(sacct -X -n -P --format=State --starttime "$since" | grep -c COMPLETED || true)
echo "sbatch: $n_sub jobs ($n_group solve+evaluate groups, $n_alone ungrouped); sacct: $n_sacct COMPLETED"
[ "$n_sub" -gt 0 ] && [ "$n_sacct" = "$n_sub" ] || { echo "not every submission completed"; exit 1; }
[ "$n_group" -gt 0 ] && [ "$n_alone" = 0 ] || { echo "solve and evaluate were not grouped"; exit 1; }
(cd "$work/slurm" && snakemake -n --quiet "${args[@]}" -- "$study" 2>&1 | grep -q "Nothing to be done") \
    || { echo "outputs missing after the SLURM run"; exit 1; }
python "$root/benchmarks/compare_runs.py" "$work/local/results/ci" "$work/slurm/results/ci" \
    > "$work/compare.json" || { cat "$work/compare.json"; echo "metric tables differ"; exit 1; }
echo "metric tables equal: $(python -c 'import json,sys; print(json.load(sys.stdin)["equal"])' \
    < "$work/compare.json") tables compared"

# a failing job: reported by SLURM, non-zero exit
mkdir -p "$work/fail"
cat > "$work/fail/Snakefile" <<'SMK'
rule fails:
    output: "never.txt"
    resources: mem_mb=100, runtime=2
    shell: "echo deliberately failing >&2; exit 3"
SMK
set +e
(cd "$work/fail" && timeout 600 snakemake --profile "$work/profile" > "$work/fail.log" 2>&1)
fail_rc=$?
set -e
grep -q "FAILED" "$work/fail.log" || { tail -30 "$work/fail.log"; echo "no SLURM failure reported"; exit 1; }
[ "$fail_rc" != 0 ] && [ "$fail_rc" != 124 ] || { echo "failing job: exit $fail_rc"; exit 1; }
echo "failing job: reported as FAILED, snakemake exit $fail_rc"
rm -rf "$work"
echo "SLURM single-node check passed"
