package io.projectservice.analysis;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways one cell's text can be read, as a bit set; a column's type is what all its non-empty
 * cells can be read as. The accepted spellings, deliberately few:
 * <ul>
 * <li>integer: optional sign and digits, no leading zero ({@code 007} is an identifier, so a string),
 *     within 64 bits;</li>
 * <li>decimal: an integer, or digits with a {@code .} fraction and/or an exponent ({@code 3.5},
 *     {@code -0.25}, {@code 1e6}); no thousands separators, no decimal comma;</li>
 * <li>boolean: {@code true} or {@code false}, any case;</li>
 * <li>date: ISO {@code yyyy-MM-dd}, or {@code d/M/yyyy} and {@code d.M.yyyy} (one or two digit day
 *     and month, four digit year). Day-first is assumed; a column whose slash dates only make
 *     sense month-first (e.g. {@code 12/31/2024}) is read as {@code M/d/yyyy} instead;</li>
 * <li>timestamp: ISO date and time, {@code T} or a space between them, seconds and fraction
 *     optional, optional {@code Z} or offset ({@code 2024-05-01T10:15:00Z}, {@code 2024-05-01 10:15}).
 *     A column mixing ISO dates and timestamps is a timestamp column (the dates at midnight).</li>
 * </ul>
 * Anything else is a string.
 */
final class ValueReadings {
    static final int INTEGER = 1;
    static final int DECIMAL = 1 << 1;
    static final int BOOLEAN = 1 << 2;
    static final int DATE_DAY_FIRST = 1 << 3;
    static final int DATE_MONTH_FIRST = 1 << 4;
    static final int TIMESTAMP = 1 << 5;
    static final int ANY = INTEGER | DECIMAL | BOOLEAN | DATE_DAY_FIRST | DATE_MONTH_FIRST | TIMESTAMP;

    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?(0|[1-9][0-9]{0,18})");
    private static final Pattern DECIMAL_TEXT = Pattern.compile(
            "[+-]?((0|[1-9][0-9]*)(\\.[0-9]+)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(\\d{1,2})([/.])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)(Z|[+-]\\d{2}:?\\d{2})?");

    private ValueReadings() {
    }

    static int of(String text) {
        if (INTEGER_TEXT.matcher(text).matches() && fitsLong(text)) {
            return INTEGER | DECIMAL;
        }
        if (DECIMAL_TEXT.matcher(text).matches()) {
            return DECIMAL;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return BOOLEAN;
        }
        if (ISO_DATE.matcher(text).matches()) {
            return isoDate(text) != null ? DATE_DAY_FIRST | DATE_MONTH_FIRST | TIMESTAMP : 0;
        }
        Matcher numeric = NUMERIC_DATE.matcher(text);
        if (numeric.matches()) {
            int a = Integer.parseInt(numeric.group(1));
            int b = Integer.parseInt(numeric.group(3));
            int year = Integer.parseInt(numeric.group(4));
            return (valid(year, b, a) ? DATE_DAY_FIRST : 0) | (valid(year, a, b) ? DATE_MONTH_FIRST : 0);
        }
        if (timestamp(text) != null) {
            return TIMESTAMP;
        }
        return 0;
    }

    /** The type a column takes from the readings all its non-empty cells share. */
    static ColumnType columnType(int readings) {
        if ((readings & INTEGER) != 0) {
            return ColumnType.INTEGER;
        }
        if ((readings & DECIMAL) != 0) {
            return ColumnType.DECIMAL;
        }
        if ((readings & BOOLEAN) != 0) {
            return ColumnType.BOOLEAN;
        }
        if ((readings & (DATE_DAY_FIRST | DATE_MONTH_FIRST)) != 0) {
            return ColumnType.DATE;
        }
        if ((readings & TIMESTAMP) != 0) {
            return ColumnType.TIMESTAMP;
        }
        return ColumnType.STRING;
    }

    /** A cell's value as its column's type; for JSON: numbers, booleans, ISO-8601 strings. */
    static Object value(String text, ColumnType type, int readings) {
        if (text.isEmpty()) {
            return null;
        }
        switch (type) {
            case INTEGER:
                return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            case DECIMAL:
                return new BigDecimal(text);
            case BOOLEAN:
                return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            case DATE:
                return date(text, (readings & DATE_DAY_FIRST) != 0).toString();
            case TIMESTAMP:
                String iso = timestamp(text);
                return iso != null ? iso : isoDate(text) + "T00:00:00";
            default:
                return text;
        }
    }

    private static LocalDate date(String text, boolean dayFirst) {
        LocalDate iso = isoDate(text);
        if (iso != null) {
            return iso;
        }
        Matcher m = NUMERIC_DATE.matcher(text);
        m.matches();
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        int year = Integer.parseInt(m.group(4));
        return dayFirst ? LocalDate.of(year, b, a) : LocalDate.of(year, a, b);
    }

    private static LocalDate isoDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The ISO-8601 spelling of a timestamp, or null when the text is none. */
    private static String timestamp(String text) {
        Matcher m = ISO_TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String time = m.group(3) == null ? m.group(2) + ":00" : m.group(2);
        String zone = m.group(5);
        String iso = m.group(1) + "T" + time;
        try {
            if (zone == null) {
                return LocalDateTime.parse(iso).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            if (zone.length() == 5) {
                zone = zone.substring(0, 3) + ":" + zone.substring(3);
            }
            return OffsetDateTime.parse(iso + zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean valid(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= LocalDate.of(year, month, 1).lengthOfMonth();
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
