#!/usr/bin/env bash
# A stand-in for sbatch/qsub: run Snakemake's jobscript (the last argument) in the background on
# this machine and print a job id, as a real scheduler would. Snakemake learns that the job ended
# from the marker files the jobscript touches, so no status command is needed.
set -euo pipefail
jobscript="${!#}"
logs=.snakemake/cluster-local
mkdir -p "$logs"
nohup bash "$jobscript" >"$logs/$(basename "$jobscript").log" 2>&1 </dev/null &
echo "local-$!"
