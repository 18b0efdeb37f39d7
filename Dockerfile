# lever-server on Debian 12 (bookworm), the same packages the build script uses.
#   docker build -t lever .
#   docker run -p 8848:8848 -p 9848:9848 -v lever-data:/data -e LEVER_ADMIN_PASSWORD=... lever
# Cluster mode: docker-compose.yml (profile "cluster"), docs/operations.md.
FROM debian:bookworm AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config git ca-certificates \
      libcpp-httplib-dev librocksdb-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      nlohmann-json3-dev libspdlog-dev doctest-dev libssl-dev zlib1g-dev nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf build* \
    && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    && cmake --build build --target lever-server \
    && strip build/server/app/lever-server \
    && mkdir -p web/dist \
    && if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; fi

FROM debian:bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libcpp-httplib0.11 libgflags2.2 libsnappy1v5 libbz2-1.0 liblz4-1 libzstd1 libgrpc++1.51 libprotobuf32 libspdlog1.10 libssl3 zlib1g curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data lever && mkdir -p /data/auth /opt/lever/web && chown -R lever /data
COPY --from=build /src/build/server/app/lever-server /opt/lever/lever-server
COPY --from=build /src/web/dist /opt/lever/web/dist
USER lever
WORKDIR /data
EXPOSE 8848 9848
ENV LEVER_DATA_DIR=/data LEVER_CONSOLE_DIR=/opt/lever/web/dist
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8848/nacos/v1/console/health/readiness || exit 1
ENTRYPOINT ["/opt/lever/lever-server"]
