package io.projectservice.api;

import io.projectservice.readmodel.ListView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** Opaque list cursors: the (updated_at, id) of the last item of a page, base64url-encoded. */
final class ListCursors {
    private ListCursors() {
    }

    static String encode(ListView.Cursor c) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, c.updatedAt().toInstant());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + c.projectId()).getBytes(StandardCharsets.UTF_8));
    }

    static ListView.Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            OffsetDateTime at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
            return new ListView.Cursor(at, text.substring(colon + 1));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("Parameter 'cursor' is not a cursor this service handed out");
        }
    }
}
