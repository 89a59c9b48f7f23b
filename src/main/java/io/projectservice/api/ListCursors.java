package io.projectservice.api;

import io.projectservice.errors.Refusal;
import io.projectservice.readmodel.ListView;
import io.projectservice.sharing.Shares;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.BiFunction;

/** Opaque list cursors: the (time, id) of the last item of a page, base64url-encoded. */
final class ListCursors {
    private ListCursors() {
    }

    static String encode(ListView.Cursor c) {
        return encode(c.updatedAt(), c.projectId());
    }

    static ListView.Cursor decode(String cursor) {
        return decode(cursor, ListView.Cursor::new);
    }

    /** Share pages: the (created_at, share_id) of the last share of a page. */
    static String encode(Shares.Cursor c) {
        return encode(c.createdAt(), c.shareId());
    }

    static Shares.Cursor decodeShares(String cursor) {
        return decode(cursor, Shares.Cursor::new);
    }

    private static String encode(OffsetDateTime time, String id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static <C> C decode(String cursor, BiFunction<OffsetDateTime, String, C> make) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            OffsetDateTime at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
            return make.apply(at, text.substring(colon + 1));
        } catch (RuntimeException e) {
            throw Refusal.invalid("cursor_invalid", "Parameter 'cursor' is not a cursor this service handed out");
        }
    }
}
