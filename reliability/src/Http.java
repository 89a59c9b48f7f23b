import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** The service over HTTP/1.1 (java.net.http): every answer or failure as a {@link Resp}, never an exception. */
final class Http {
    final String base;
    private final HttpClient client;

    Http(String base, int threads) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, threads), r -> {
                    Thread t = new Thread(r, "http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** One answer: status (0 when none came), body, headers; or the failure's kind when the exchange failed. */
    record Resp(int status, String body, Map<String, List<String>> headers, long millis, String failure) {
        Object json() {
            return Json.tryParse(body);
        }

        String header(String name) {
            if (headers == null) {
                return null;
            }
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        boolean ok() {
            return status == 200;
        }

        /** The error envelope: JSON with status "error" (or "conflict" for 409), a message, data null. */
        boolean errorEnvelope() {
            if (!(json() instanceof Map<?, ?> m)) {
                return false;
            }
            Object st = m.get("status");
            Object msg = m.get("message");
            boolean statusOk = status == 409 ? "conflict".equals(st) || "error".equals(st) : "error".equals(st);
            return statusOk && msg instanceof String text && !text.isBlank() && m.containsKey("data")
                    && m.get("data") == null && !text.contains("Exception") && !text.contains("\tat ");
        }

        /** What happened, for tables and logs: the status, or the kind of failure. */
        String outcome() {
            return failure != null ? failure : String.valueOf(status);
        }

        String shortBody() {
            String b = body == null ? "" : body.replaceAll("\\s+", " ");
            return b.length() > 160 ? b.substring(0, 160) + "…" : b;
        }
    }

    /** A request under construction. */
    final class Req {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private Duration timeout = Duration.ofSeconds(15);

        Req(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Req bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Req header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        Req json(Object value) {
            return raw("application/json", (value instanceof String s ? s : Json.write(value))
                    .getBytes(StandardCharsets.UTF_8));
        }

        Req raw(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /**
         * A body made as it is sent: with its length when {@code length} >= 0, else chunked
         * (java.net.http sends a body of unknown length with Transfer-Encoding: chunked).
         */
        Req stream(String contentType, java.util.function.Supplier<java.io.InputStream> content, long length) {
            header("Content-Type", contentType);
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(content);
            body = length < 0 ? chunked : HttpRequest.BodyPublishers.fromPublisher(chunked, length);
            return this;
        }

        Req form(Map<String, String> fields) {
            StringBuilder b = new StringBuilder();
            fields.forEach((k, v) -> {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
            });
            return raw("application/x-www-form-urlencoded", b.toString().getBytes(StandardCharsets.UTF_8));
        }

        Req multipart(Multipart m) {
            return raw("multipart/form-data; boundary=" + Multipart.BOUNDARY, m.bytes());
        }

        Req timeout(Duration d) {
            timeout = d;
            return this;
        }

        Resp send() {
            long t0 = System.nanoTime();
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                        .method(method, body);
                for (int k = 0; k < headers.size(); k += 2) {
                    b.header(headers.get(k), headers.get(k + 1));
                }
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Resp(r.statusCode(), r.body(), r.headers().map(), ms(t0), null);
            } catch (HttpTimeoutException e) {
                return new Resp(0, null, null, ms(t0), "timeout");
            } catch (ConnectException e) {
                return new Resp(0, null, null, ms(t0), "refused");
            } catch (IOException e) {
                return new Resp(0, null, null, ms(t0), "io-error");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Resp(0, null, null, ms(t0), "interrupted");
            }
        }
    }

    Req get(String path) {
        return new Req("GET", path);
    }

    Req post(String path) {
        return new Req("POST", path);
    }

    Req method(String method, String path) {
        return new Req(method, path);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A multipart/form-data body built by hand: text fields and files. */
    static final class Multipart {
        static final String BOUNDARY = "reliability-7d1f0c2b9a";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            part("Content-Disposition: form-data; name=\"" + name + "\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n", value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart file(String name, String fileName, String contentType, byte[] content) {
            part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: " + contentType + "\r\n", content);
            return this;
        }

        private void part(String headers, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream(out.size() + 64);
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }
    }
}
