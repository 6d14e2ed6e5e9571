# syntax=docker/dockerfile:1
# Commander server image. The build stage uses the same command as a developer (bin/commander build,
# which runs ./mvnw package without the tests); the runtime stage is a JRE 17 with the thin jar, its
# dependencies in lib/, the default configuration and the web console (built with Node in its own stage),
# run as user 10001 under tini.
#   docker build -t commander:0.1.0 .
# VERSION is the project version (pom.xml without -SNAPSHOT), the chart's appVersion and the tag.
ARG VERSION=0.1.0

FROM node:20-bookworm-slim AS console
WORKDIR /src/webroot
COPY webroot/package.json webroot/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY webroot/ ./
RUN npm run build

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 bin/commander build

FROM eclipse-temurin:17-jre
ARG VERSION
LABEL org.opencontainers.image.title="commander" \
      org.opencontainers.image.description="Commander, a control plane for fleets of Kubernetes clusters" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# tini reaps child processes (the embedded PostgreSQL, provisioners) and forwards SIGTERM to the JVM;
# postgresql-client (16 on this Ubuntu base) gives `backup` and `restore` their pg_dump and pg_restore.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 commander \
 && useradd --system --uid 10001 --gid commander --home-dir /opt/commander --shell /usr/sbin/nologin commander \
 && install -d -o commander -g commander /var/lib/commander
WORKDIR /opt/commander
COPY --from=build /src/server/target/lib/ lib/
COPY --from=build /src/server/target/commander-server.jar commander-server.jar
COPY conf/ conf/
COPY --from=console /src/webroot/dist/ webroot/
ENV COMMANDER_CONFIG=/opt/commander/conf/commander.yaml \
    COMMANDER_STATE_DIR=/var/lib/commander \
    COMMANDER_HTTP_WEBROOT=/opt/commander/webroot
USER 10001:10001
EXPOSE 8080
VOLUME /var/lib/commander
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/commander/commander-server.jar"]
CMD ["run"]
