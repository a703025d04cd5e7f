#!/usr/bin/env bash
# A scheduled (cron or systemd) run of a thematic study: build, verify, and say whether a person
# needs to act. Not a Snakemake rule script: an operator's tool (see docs/operations.md).
#
# Usage: workflow/scripts/scheduled-run.sh [STUDY [SNAKEMAKE_ARG...]]   (STUDY defaults to .)
# Environment:
#   THEMATIC_LIMIT   longest a run may take before it is stopped (timeout syntax; default 2h)
#   THEMATIC_GRACE   after SIGTERM, how long before SIGKILL (Snakemake can hang; default 5m)
#   THEMATIC_PYTHON  the Python with thematic's dependencies (default REPO/.venv/bin/python)
# Exit status:
#   0  built (or already current), verified, nothing waiting for anyone
#   1  the run failed, timed out, or `thematic verify` found a problem
#   2  built and verified, but new essays were quarantined or codings await adjudication
#   3  another run holds the study: nothing was done
# Each run writes results/audit/runs/<UTC time>.log (Snakemake's output, then the summary) and
# appends one line to results/audit/runs/runs.tsv. Run times live there, never in artifacts.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
study="$(cd "${1:-.}" && pwd)" || exit 1
shift $(($# > 0 ? 1 : 0))
limit="${THEMATIC_LIMIT:-2h}"
grace="${THEMATIC_GRACE:-5m}"
python="${THEMATIC_PYTHON:-$repo/.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"
# The package beside the Snakefile, as the workflow itself uses (workflow/rules/common.smk).
export PYTHONPATH="$repo/workflow${PYTHONPATH:+:$PYTHONPATH}"

runs="$study/results/audit/runs"
mkdir -p "$runs"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log="$runs/$(date -u +%Y%m%dT%H%M%SZ).log"
snakemake=("$python" -m snakemake --snakefile "$repo/Snakefile" --directory "$study" --nocolor)

# Scheduled runs queue behind each other; a manual run is kept out by Snakemake's own lock.
exec 9>"$runs/.scheduled.lock"
if ! flock -n 9; then
    echo "thematic scheduled run: another scheduled run of $study is still going; nothing done." |
        tee -a "$log"
    exit 3
fi

record() {  # one line per run in runs.tsv: started, seconds, exits, counts, outcome
    [ -s "$runs/runs.tsv" ] || printf 'started\tseconds\tsnakemake_exit\tverify_exit\tnew_quarantined\tpending\toutcome\n' >"$runs/runs.tsv"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$started" "$@" >>"$runs/runs.tsv"
}

quarantined() {
    "$python" - "$study" <<'EOF'
import sys
from pathlib import Path

import pandas as pd

status = Path(sys.argv[1]) / "results/deid/status.parquet"
if status.exists():
    table = pd.read_parquet(status, columns=["essay_id", "status"])
    print("\n".join(sorted(table.loc[table["status"] == "quarantined", "essay_id"])))
EOF
}

pending_rows() {
    "$python" - "$study" <<'EOF'
import csv
import sys
from pathlib import Path

sheet = Path(sys.argv[1]) / "results/adjudication/pending.csv"
rows = list(csv.reader(sheet.open(encoding="utf-8", newline=""))) if sheet.exists() else []
print(max(len(rows) - 1, 0))
EOF
}

before="$(quarantined)"
t0="$(date +%s)"
{
    echo "# thematic scheduled run of $study, started $started"
    echo "# timeout -k $grace $limit ${snakemake[*]} $*"
} >>"$log"
timeout -k "$grace" "$limit" "${snakemake[@]}" "$@" >>"$log" 2>&1
snakemake_rc=$?
seconds=$(($(date +%s) - t0))

problems=()
verify_rc=-
if [ "$snakemake_rc" -eq 124 ] || [ "$snakemake_rc" -eq 137 ]; then
    problems+=("the run exceeded $limit and was stopped (exit $snakemake_rc)")
    # The killed Snakemake was ours (we hold the scheduled-run lock, and a manual run cannot
    # have started while it held the directory lock), so its stale lock is safe to remove.
    timeout 5m "${snakemake[@]}" --unlock >>"$log" 2>&1
elif grep -q "Directory cannot be locked" "$log"; then
    echo "thematic scheduled run: another Snakemake run holds $study; nothing done. If none is" \
        "running, a killed run left its lock: run \`snakemake --unlock\` in the study." |
        tee -a "$log"
    record "$seconds" "$snakemake_rc" - - - locked
    exit 3
elif [ "$snakemake_rc" -ne 0 ]; then
    problems+=("snakemake failed (exit $snakemake_rc): see $log")
else
    "$python" -m thematic.cli verify "$study/results" >>"$log" 2>&1
    verify_rc=$?
    [ "$verify_rc" -eq 0 ] || problems+=("thematic verify failed (exit $verify_rc): see $log")
fi

after="$(quarantined)"
new_quarantined="$(comm -13 <(echo "$before" | sed '/^$/d') <(echo "$after" | sed '/^$/d'))"
n_new=$(echo "$new_quarantined" | sed '/^$/d' | wc -l)
n_pending="$(pending_rows)"
attention=()
[ "$n_new" -eq 0 ] ||
    attention+=("$n_new essay(s) newly quarantined by the deid gate: $(echo $new_quarantined)")
[ "$n_pending" -eq 0 ] ||
    attention+=("$n_pending coding disagreement(s) await adjudication in results/adjudication/pending.csv")

if [ ${#problems[@]} -gt 0 ]; then
    outcome=failed status=1
elif [ ${#attention[@]} -gt 0 ]; then
    outcome=attention status=2
else
    outcome=ok status=0
fi
{
    echo "thematic scheduled run of $study: $outcome after ${seconds}s (log: $log)"
    for line in "${problems[@]}" "${attention[@]}"; do echo "  - $line"; done
} | tee -a "$log"
record "$seconds" "$snakemake_rc" "$verify_rc" "$n_new" "$n_pending" "$outcome"
exit "$status"
