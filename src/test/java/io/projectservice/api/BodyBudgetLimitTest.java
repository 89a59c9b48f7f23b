package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Await;
import io.projectservice.support.Api;
import io.projectservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a body budget of 300 KB (75% of it for large bodies): a large body in flight (its headers
 * sent, its body not yet) holds its share, so a second large one is answered 503 with Retry-After at once, before it sends its
 * body, while a small save still goes through; once the first is done, the second gets in.
 */
@QuarkusTest
@TestProfile(BodyBudgetLimitTest.SmallBudget.class)
class BodyBudgetLimitTest {
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("projects.limits.body-memory-budget", "300000");
        }
    }

    private static final String SAVE = "/api/v1/projects/ws-budget/save";

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSecondLargeBodyIs503WhileTheFirstHoldsTheBudget() throws Exception {
        String body = "{\"project\":{\"name\":\"big\",\"description\":\"" + "d".repeat(19_000) + "\",\"metadata\":{\"b\":\""
                + "b".repeat(60_000) + "\"}}}";
        try (Socket first = open()) {
            OutputStream out = first.getOutputStream();
            out.write(head(body.length(), false).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until("the first body holds its share of the budget", Duration.ofSeconds(10), () -> inFlight() > 0);

            List<String> refused = exchange(head(body.length(), true), null);
            assertEquals("HTTP/1.1 503 Service Unavailable", refused.get(0), String.join("\n", refused));
            assertTrue(refused.stream().anyMatch(h -> h.equalsIgnoreCase("Retry-After: 1")), String.join("\n", refused));
            assertTrue(refused.get(refused.size() - 1).contains("\"status\":\"error\""), String.join("\n", refused));
            assertTrue(refused.get(refused.size() - 1).contains("\"data\":null"), String.join("\n", refused));

            Api.as("ben", "acme").body(Map.of("project", Map.of("name", "small"))).post(SAVE).then().statusCode(200);

            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 200 OK", status);
        }
        Await.until("the budget is given back", Duration.ofSeconds(10), () -> inFlight() == 0);
        List<String> admitted = exchange(head(body.length(), false), body);
        assertEquals("HTTP/1.1 200 OK", admitted.get(0), String.join("\n", admitted));
    }

    private String head(int length, boolean expectContinue) {
        return "POST " + SAVE + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Tokens.bearer("ben", "acme")
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n"
                + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n";
    }

    /** Sends a request (the body only if given) and reads the answer: status line, headers, body. */
    private List<String> exchange(String head, String body) throws Exception {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line);
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] content = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(content, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            lines.add(new String(content, 0, read));
            return lines;
        }
    }

    private Socket open() throws Exception {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(30_000);
        return s;
    }

    private static double inFlight() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("projects_body_in_flight_bytes ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return -1;
    }
}
