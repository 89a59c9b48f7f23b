package io.projectservice.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The requests the platform's current Python SDK (0.3.1 and later, {@code JarvisPyClient}) sends,
 * byte for byte where it matters: {@code Authorization}, {@code User-Agent: prometheux-chain/<v>},
 * {@code Content-Type: application/json} on every call, GETs included (none on multipart), the
 * optional {@code X-Supabase-Token}, JSON {@code null}s for absent optional values, and a POST
 * without a body when the SDK passes none. Each call answers the status and the parsed envelope.
 */
public final class CurrentSdk {
    public static final String USER_AGENT = "prometheux-chain/0.3.4";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final String token;
    private final String supabaseToken;

    /** {@code baseUrl} ends in {@code /api/v1}'s parent (the SDK's {@code JARVISPY_URL}). */
    public CurrentSdk(String baseUrl, String token, String supabaseToken) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.supabaseToken = supabaseToken;
    }

    public record Answer(int status, JsonNode body) {
        public JsonNode data() {
            return body.get("data");
        }

        public String message() {
            return body.path("message").asText();
        }
    }

    /** {@code _request(method, path, json=json, params=params)}: {@code json} may be null (no body). */
    public Answer request(String method, String path, Object json, Map<String, String> params) {
        String query = params == null || params.isEmpty() ? ""
                : "?" + params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path + query))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        headers(b);
        byte[] body = json == null ? null : write(json);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build());
    }

    public Answer get(String path, Map<String, String> params) {
        return request("GET", path, null, params);
    }

    public Answer post(String path, Object json) {
        return request("POST", path, json, null);
    }

    /** {@code _request_multipart}: form fields and files, no JSON content type of its own. */
    public Answer multipart(String path, Map<String, String> fields, Map<String, byte[]> files) {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        var out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        files.forEach((name, bytes) -> {
            // requests names the part after the file and sends no content type for it
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                    + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        headers(b);
        return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    /** A JSON object that keeps its {@code null} values, in order (Map.of refuses nulls). */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private void headers(HttpRequest.Builder b) {
        b.header("Authorization", "Bearer " + token).header("User-Agent", USER_AGENT).header("Accept", "*/*");
        if (supabaseToken != null) {
            b.header("X-Supabase-Token", supabaseToken);
        }
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Object json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
