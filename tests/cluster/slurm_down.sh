#!/usr/bin/env bash
# Stop the daemons of slurm_up.sh, each by the pid in its own pid file after checking the
# process name (a stale pid file cannot hit another process). Packages stay installed.
set -u
stop() {   # stop NAME PIDFILE
    local pid state
    pid=$(cat "$2" 2>/dev/null) || return 0
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]; then
        kill -TERM "$pid"
        for _ in $(seq 100); do          # a zombie has exited (its parent reaps it later)
            state=$(awk '/^State:/{print $2}' "/proc/$pid/status" 2>/dev/null) || break
            [ "$state" = Z ] && break
            sleep 0.2
        done
    fi
    rm -f "$2"      # daemons running as user slurm cannot remove their own pid files in /run
}
stop slurmd /run/slurmd.pid
stop slurmctld /run/slurmctld.pid
stop slurmdbd /run/slurmdbd.pid
stop mariadbd /run/mysqld/mysqld.pid
stop munged /run/munge/munged.pid
echo "[slurm_down $(date +%T)] daemons stopped"
