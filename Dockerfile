# One image per service, built from this repository:
#   docker build --build-arg SERVICE=incident-command -t incident-command .
# docker-compose.yml builds all four (the three services and the console).
FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true -pl ${SERVICE} -am package \
 && cp ${SERVICE}/target/${SERVICE}-*.jar /app.jar

FROM eclipse-temurin:17.0.12_7-jre
RUN useradd --system --uid 10001 app
USER app
COPY --from=build /app.jar /app/app.jar
# Out of memory, the JVM exits (code 3) instead of answering on with dead threads; the
# orchestrator (docker-compose's restart policy, Kubernetes) starts a fresh one.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar", "--server.address=0.0.0.0"]
