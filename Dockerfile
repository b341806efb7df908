# Pushbridge container image: builds the runnable jar, runs it on a JRE.
#   docker build -t pushbridge .
#   docker run -p 9091:9091 -v pushbridge-data:/data pushbridge
# Extra flags replace the default command, so repeat --persistence.file=/data when giving any:
#   docker run -p 9091:9091 -v pushbridge-data:/data pushbridge --persistence.file=/data --web.enable-admin-api

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl gateway -am package -DskipTests \
 && scripts/rocksdb-native.sh gateway/target/pushbridge.jar /src/native

FROM eclipse-temurin:17-jre
# curl for container health checks (docker-compose.yml probes /-/ready with it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown 65534:65534 /data
COPY --from=build /src/gateway/target/pushbridge.jar /opt/pushbridge/pushbridge.jar
# RocksDB's native library, extracted at build time: otherwise every start inflates it from the jar.
COPY --from=build /src/native /opt/pushbridge/native
# The launcher's JVM flags (collector, heap return), the same file scripts/run.sh uses.
COPY scripts/jvm-options /opt/pushbridge/jvm-options
# A class data archive made by a training run of this image's JVM and jar (scripts/cds-archive.sh):
# ~0.5 s less CPU per start. A training run that makes none fails the build, rather than shipping
# an image that starts slower without a word.
COPY scripts/cds-archive.sh /opt/pushbridge/cds-archive.sh
RUN /opt/pushbridge/cds-archive.sh /opt/pushbridge/pushbridge.jar /opt/pushbridge/pushbridge.jsa \
      @/opt/pushbridge/jvm-options -XX:MaxRAMPercentage=75 -Djava.library.path=/opt/pushbridge/native \
 && test -s /opt/pushbridge/pushbridge.jsa \
 || { echo "scripts/cds-archive.sh made no class data archive (its training run failed)" >&2; exit 1; }
# Like upstream's image: run as nobody, the data directory writable by it.
USER 65534:65534
WORKDIR /data
EXPOSE 9091
VOLUME /data
ENTRYPOINT ["java", "@/opt/pushbridge/jvm-options", "-XX:MaxRAMPercentage=75", \
            "-Djava.library.path=/opt/pushbridge/native", \
            "-XX:SharedArchiveFile=/opt/pushbridge/pushbridge.jsa", "-jar", "/opt/pushbridge/pushbridge.jar"]
CMD ["--persistence.file=/data"]
