#!/usr/bin/env bash
# Bring up a one-node SLURM cluster on this machine (Debian packages, root, no systemd):
# munge, MariaDB + slurmdbd (accounting, so that sacct works as on most sites), slurmctld and
# slurmd, account "ci" with the current user. Safe to run twice: running daemons are kept.
# Exit 77 when the packages cannot be installed (the caller skips), 1 on any other failure.
# Tested recipe and its pitfalls: docs/cluster.md.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
say() { echo "[slurm_up $(date +%T)] $*"; }
# alive NAME PIDFILE: the daemon NAME runs with the pid in PIDFILE
alive() { local p; p=$(cat "$2" 2>/dev/null) && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$1" ]; }

packages="slurm-wlm munge slurmdbd mariadb-server"
if ! dpkg -s $packages >/dev/null 2>&1; then
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=300 $packages >/dev/null; } || { say "apt-get failed"; exit 77; }
fi
say "packages present"

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(free -m | awk '/^Mem:/{print $2}') - 1024 ))   # below the real size, or the node drains

[ -s /etc/munge/munge.key ] || mungekey --create --force
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
alive munged /run/munge/munged.pid || runuser -u munge -- /usr/sbin/munged
munge -n | unmunge >/dev/null
say "munged up"

install -d -o mysql -g root -m 0755 /run/mysqld
alive mariadbd /run/mysqld/mysqld.pid || start-stop-daemon --start --background \
    --pidfile /run/mysqld/mysqld.pid --exec /usr/sbin/mariadbd -- \
    --user=mysql --pid-file=/run/mysqld/mysqld.pid --skip-networking
for _ in $(seq 150); do mariadb-admin ping >/dev/null 2>&1 && break; sleep 0.2; done
mariadb -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
            CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurmdb';
            GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost'; FLUSH PRIVILEGES;"
cat > /etc/slurm/slurmdbd.conf <<CONF
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
PidFile=/run/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=slurmdb
StorageLoc=slurm_acct_db
CONF
chown slurm:slurm /etc/slurm/slurmdbd.conf && chmod 0600 /etc/slurm/slurmdbd.conf
install -d -o slurm -g slurm -m 0755 /var/log/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd
alive slurmdbd /run/slurmdbd.pid || /usr/sbin/slurmdbd
for _ in $(seq 150); do (exec 3<>/dev/tcp/127.0.0.1/6819) 2>/dev/null && break; sleep 0.2; done
say "mariadbd + slurmdbd up"

cat > /etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
ReturnToService=2
SchedulerType=sched/backfill
MinJobAge=300
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/lib/slurm/slurmd
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobCompType=jobcomp/none
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
if alive slurmctld /run/slurmctld.pid; then scontrol reconfigure; else /usr/sbin/slurmctld; fi
alive slurmd /run/slurmd.pid || /usr/sbin/slurmd
for _ in $(seq 150); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.2; done
sinfo -h -o %T | grep -qx idle || { sinfo -N -l; say "node not idle"; exit 1; }
sacctmgr -i add account ci Cluster=ci Description=ci Organization=ci >/dev/null || true
sacctmgr -i add user "$(id -un)" Account=ci DefaultAccount=ci >/dev/null || true
sacctmgr -n -P list assoc user="$(id -un)" account=ci format=account | grep -qx ci
say "up: $(sinfo -h -o '%P %a %D %T %N'), account ci"
