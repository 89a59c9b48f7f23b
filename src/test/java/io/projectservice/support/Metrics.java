package io.projectservice.support;

import static io.restassured.RestAssured.given;

/** Reads the service's own /q/metrics, as Prometheus would. */
public final class Metrics {
    private Metrics() {
    }

    /** The value of one sample, named with its labels exactly as exposed; 0 when it is not there yet. */
    public static double value(String sample) {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).split(" ")[0]))
                .findFirst().orElse(0);
    }

    /** The sum of every sample of one metric, whatever its labels; 0 when there is none yet. */
    public static double sum(String name) {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble((l.contains("{") ? l.substring(l.lastIndexOf('}') + 1)
                        : l.substring(name.length())).trim().split(" ")[0]))
                .sum();
    }
}
