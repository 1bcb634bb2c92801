# StashSphere in a container: one executable on a distroless base.
#
#   docker build -t stashsphere .
#   docker run -p 8081:8081 -v stashsphere:/var/lib/stashsphere stashsphere
#
# Without configuration the server uses the embedded database in the volume. For PostgreSQL,
# see docker-compose.yml. A file mounted at /etc/stashsphere/stashsphere.yaml (the working
# directory) is read by every command without --conf.

FROM node:20-bookworm AS build
WORKDIR /src
# Dependencies first, so that a change of the sources reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml build.ts ./
COPY scripts/build ./scripts/build
COPY migrations ./migrations
COPY src ./src
COPY web ./web
RUN npm run build \
 && mkdir -p /out/state /out/cache \
 && chown 65532:65532 /out/state /out/cache

# The executable is linked against glibc only (libc, libm, libpthread, libdl), which this
# base image has; it has no shell and no package manager.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/stashsphere /usr/local/bin/stashsphere
# Directories owned by the unprivileged user (65532, "nonroot" in distroless), so that a new
# named volume mounted there inherits the owner.
COPY --from=build --chown=65532:65532 /out/state /var/lib/stashsphere
COPY --from=build --chown=65532:65532 /out/cache /var/cache/stashsphere
ENV STATE_DIRECTORY=/var/lib/stashsphere \
    CACHE_DIRECTORY=/var/cache/stashsphere
WORKDIR /etc/stashsphere
USER 65532:65532
VOLUME /var/lib/stashsphere
EXPOSE 8081
# Requests /readyz at the configured listenAddress; pass --url to the command if it differs.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["stashsphere", "healthcheck"]
ENTRYPOINT ["stashsphere"]
CMD ["serve"]
