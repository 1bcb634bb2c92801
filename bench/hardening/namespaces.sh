#!/bin/sh
# Run a command in a mount namespace arranged like the file system systemd gives our unit, as
# an unprivileged user, without systemd (this machine has no systemd as PID 1). Needs root.
#
#   bench/hardening/namespaces.sh [--proc-subset-pid] UID STATE_DIR CACHE_DIR RUNTIME_DIR -- COMMAND [ARG…]
#
# ProtectSystem=strict   every mount read-only, except the three directories below
# StateDirectory= etc.   STATE_DIR, CACHE_DIR and RUNTIME_DIR bound writable, owned by UID
# ProtectHome=yes        empty read-only tmpfs over /home, /root and /run/user
# PrivateTmp=yes         new tmpfs on /tmp and /var/tmp
# PrivateDevices=yes     a tmpfs /dev with only null, zero, full, random, urandom, tty, pts, shm
# DynamicUser=yes        setpriv to UID with no supplementary groups
# NoNewPrivileges=yes    setpriv --no-new-privs
# --proc-subset-pid      an empty tmpfs over /proc/sys, approximating ProcSubset=pid
#
# NOTE: /proc and /sys stay as they are (ProtectKernelTunables= and ProtectControlGroups= are
# not emulated), and capabilities are dropped only by the change of user.
set -eu

proc_subset=no
if [ "${1:-}" = "--proc-subset-pid" ]; then
  proc_subset=yes
  shift
fi
if [ $# -lt 6 ] || [ "$5" != "--" ]; then
  echo "usage: $0 [--proc-subset-pid] UID STATE_DIR CACHE_DIR RUNTIME_DIR -- COMMAND [ARG…]" >&2
  exit 2
fi
uid=$1 state=$2 cache=$3 runtime=$4
shift 5

mkdir -p "$state" "$cache" "$runtime"
chown "$uid:$uid" "$state" "$cache" "$runtime"
chmod 0700 "$state" "$cache" "$runtime"

export SANDBOX_UID="$uid" SANDBOX_STATE="$state" SANDBOX_CACHE="$cache" SANDBOX_RUNTIME="$runtime" SANDBOX_PROC_SUBSET="$proc_subset"
exec unshare --mount --propagation private sh -eu -c '
  for directory in "$SANDBOX_STATE" "$SANDBOX_CACHE" "$SANDBOX_RUNTIME"; do
    mount --bind "$directory" "$directory"
  done

  devices=$(mktemp -d)
  mount -t tmpfs -o mode=0755,nosuid tmpfs "$devices"
  for node in null zero full random urandom tty; do
    touch "$devices/$node"
    mount --bind "/dev/$node" "$devices/$node"
  done
  mkdir "$devices/pts" "$devices/shm"
  mount --bind /dev/pts "$devices/pts"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$devices/shm"
  mount --move "$devices" /dev

  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /var/tmp
  for directory in /home /root /run/user; do
    if [ -d "$directory" ]; then mount -t tmpfs -o ro,mode=0755 tmpfs "$directory"; fi
  done
  if [ "$SANDBOX_PROC_SUBSET" = yes ]; then mount -t tmpfs -o ro tmpfs /proc/sys; fi

  mount -o remount,bind,ro /
  exec setpriv --reuid="$SANDBOX_UID" --regid="$SANDBOX_UID" --clear-groups --no-new-privs --inh-caps=-all -- "$@"
' sandbox "$@"
