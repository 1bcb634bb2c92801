#!/usr/bin/env bash
# Run the Dockerfile's steps without Docker, for machines with no Docker engine:
#
#   packaging/docker/verify.sh
#
# 1. Copies exactly the files the build stage COPYs (read from the Dockerfile) from the
#    committed tree into an empty directory and runs `npm ci` and `npm run build` there.
# 2. Checks that the executable needs no shared library beyond glibc, which the runtime image
#    (gcr.io/distroless/cc-debian12) provides.
# 3. Starts it as the image does: as user 65532 (switching needs root), with STATE_DIRECTORY
#    and CACHE_DIRECTORY set and the default command `serve`. An empty directory stands in
#    for the working directory /etc/stashsphere. Then it runs the HEALTHCHECK command until
#    that succeeds.
#
# It uses the node and npm on PATH (the build stage uses node:20-bookworm) and the npm
# registry. It cannot check what only an image build shows: the base images themselves,
# COPY --chown on the volume directories, and the file system layout of distroless.
set -euo pipefail
repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /var/tmp/stashsphere-docker-verify.XXXXXX)
# User 65532 must be able to reach the executable and its directories.
chmod 0755 "${work}"
server_pid=""
cleanup() {
  if [[ -n ${server_pid} ]]; then kill "${server_pid}" 2>/dev/null || true; wait "${server_pid}" 2>/dev/null || true; fi
  rm -rf "${work}"
}
trap cleanup EXIT

step() { echo "::: $*"; }

step "context: the committed tree of $(git -C "${repository}" rev-parse --short HEAD)"
mkdir -p "${work}/context" "${work}/src"
git -C "${repository}" archive HEAD | tar -x -C "${work}/context"

step "build stage: the COPY and RUN lines of the Dockerfile"
# Instructions of the first stage, continuation lines joined.
build_stage=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "${repository}/Dockerfile" | awk '/^FROM /{stage++} stage==1 && /^(COPY|RUN) /')
while IFS= read -r instruction; do
  read -r -a words <<<"${instruction}"
  if [[ ${words[0]} == COPY ]]; then
    destination=${words[-1]}
    for source in "${words[@]:1:${#words[@]}-2}"; do
      mkdir -p "${work}/src/${destination}"
      if [[ -d ${work}/context/${source} ]]; then
        cp -a "${work}/context/${source}/." "${work}/src/${destination}/"
      else
        cp -a "${work}/context/${source}" "${work}/src/${destination}/"
      fi
    done
    echo "copied ${words[*]:1}"
  else
    command=${instruction#RUN }
    # The directories for the runtime image are made below; only the build runs here.
    command=${command%%&&*}
    echo "running ${command}"
    (cd "${work}/src" && bash -c "${command}")
  fi
done <<<"${build_stage}"

binary="${work}/src/dist/stashsphere"
step "runtime stage: shared libraries"
ldd "${binary}"
unexpected=$(ldd "${binary}" | awk '{print $1}' | grep -vE '^(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|libgcc_s\.so\.1|libstdc\+\+\.so\.6)$' || true)
if [[ -n ${unexpected} ]]; then
  echo "the executable needs libraries the distroless cc image lacks: ${unexpected}" >&2
  exit 1
fi

step "runtime stage: serve as user 65532 with the image's environment"
install -d -o 65532 -g 65532 "${work}/var/lib/stashsphere" "${work}/var/cache/stashsphere"
install -d "${work}/etc/stashsphere"
install -m 0755 "${binary}" "${work}/stashsphere"
port=$((20000 + RANDOM % 20000))
run_as_image() {
  (cd "${work}/etc/stashsphere" && env -i PATH=/usr/bin:/bin STATE_DIRECTORY="${work}/var/lib/stashsphere" CACHE_DIRECTORY="${work}/var/cache/stashsphere" \
    setpriv --reuid=65532 --regid=65532 --clear-groups "${work}/stashsphere" "$@")
}
# The image listens on :8081; a random port keeps this run clear of a local server.
printf 'listenAddress: "127.0.0.1:%s"\n' "${port}" >"${work}/etc/stashsphere/stashsphere.yaml"
run_as_image version
run_as_image serve &
server_pid=$!
for attempt in $(seq 1 120); do
  if run_as_image healthcheck >/dev/null 2>&1; then break; fi
  if ! kill -0 "${server_pid}" 2>/dev/null; then echo "serve exited" >&2; exit 1; fi
  sleep 0.5
done
run_as_image healthcheck
ls -l "${work}/var/lib/stashsphere"
step "docker build steps ran outside Docker without errors (${attempt} health checks until ready)"
