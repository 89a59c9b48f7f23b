#!/bin/sh
# The image's entrypoint: starts the service and hands the container's arguments to it, so that
# `docker run ... projects-service rebuild-read-model` (or a Kubernetes Job's args) runs that
# command instead of a server. JAVA_OPTS is split into words on purpose (several options).
# exec: java is PID 1 and gets SIGTERM directly (Quarkus shuts down gracefully on it).
# JAVA and APP_JAR exist for the test that runs this script outside the image.
# shellcheck disable=SC2086
exec "${JAVA:-java}" $JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar "${APP_JAR:-/deployments/quarkus-run.jar}" "$@"
