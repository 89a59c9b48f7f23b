package io.projectservice.analysis.tables;

import io.projectservice.analysis.ColumnType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways one cell's text can be read, as a bit set; a column's {@link Reading} is one that all
 * its non-empty cells allow. The accepted spellings:
 * <ul>
 * <li>numbers, in two conventions: a decimal point with thousands grouped by comma, space or
 *     apostrophe ({@code 1,234.5}), or a decimal comma with thousands grouped by point or space
 *     ({@code 1.234,5}); a sign ({@code -}, {@code +}, {@code −}) in front; an exponent with the
 *     point. Integers have no fraction, no leading zero ({@code 007} is an identifier, so a
 *     string) and fit in 64 bits. When a column reads either way ({@code 1,234}), the file's
 *     convention decides: a decimal comma when it is {@code ;}-separated or its unambiguous
 *     columns use one, else a point;</li>
 * <li>booleans: {@code true/false}, {@code yes/no}, {@code y/n} (any case), and {@code 1/0} when a
 *     column holds only those, both of them, and is not named like a key ({@code id}, {@code *_id});</li>
 * <li>dates: ISO {@code yyyy-MM-dd} or {@code yyyy/MM/dd}, {@code d.M.yyyy}, {@code d-M-yyyy},
 *     and {@code d/M/yyyy} - day first, unless the column's slash dates only make sense month
 *     first ({@code 12/31/2024});</li>
 * <li>timestamps: ISO date and time, {@code T} or a space between, seconds and fraction
 *     optional, an optional {@code Z} or offset ({@code +02:00}, {@code +0200}, {@code +02}, a space
 *     before it allowed), or {@code d.M.yyyy HH:mm[:ss]}. A column mixing ISO dates and
 *     timestamps is a timestamp column (the dates at midnight);</li>
 * <li>null: an empty cell, {@code NULL}, {@code N/A}, {@code NA} or {@code #N/A}: it makes the
 *     column nullable and says nothing about its type.</li>
 * </ul>
 * Anything else is a string.
 */
public final class ValueReadings {
    static final int INTEGER_POINT = 1;
    static final int DECIMAL_POINT = 1 << 1;
    static final int INTEGER_COMMA = 1 << 2;
    static final int DECIMAL_COMMA = 1 << 3;
    static final int BOOLEAN_WORD = 1 << 4;
    static final int BOOLEAN_DIGIT = 1 << 5;
    static final int DATE_DAY_FIRST = 1 << 6;
    static final int DATE_MONTH_FIRST = 1 << 7;
    static final int TIMESTAMP = 1 << 8;
    /** Not readings but what a column has seen, for 1/0 booleans: kept by or-ing, not and-ing. */
    static final int ZERO = 1 << 9;
    static final int ONE = 1 << 10;
    static final int ANY = (1 << 9) - 1;

    /** How a column is read, and so its type. */
    enum Reading {
        INTEGER_POINT(ColumnType.INTEGER), INTEGER_COMMA(ColumnType.INTEGER), DECIMAL_POINT(ColumnType.DECIMAL),
        DECIMAL_COMMA(ColumnType.DECIMAL), BOOLEAN_WORD(ColumnType.BOOLEAN), BOOLEAN_DIGIT(ColumnType.BOOLEAN),
        DATE_DAY_FIRST(ColumnType.DATE), DATE_MONTH_FIRST(ColumnType.DATE), TIMESTAMP(ColumnType.TIMESTAMP),
        STRING(ColumnType.STRING);

        final ColumnType type;

        Reading(ColumnType type) {
            this.type = type;
        }
    }

    private static final Set<String> NULLS = Set.of("null", "n/a", "na", "#n/a");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "n");
    private static final String SIGN = "[+\\-\u2212]?";
    private static final String SPACES = " \u00a0\u202f";
    /** Point convention: groups of three after a 1-3 digit lead, by comma, a space or an apostrophe. */
    private static final Pattern POINT_NUMBER = Pattern.compile(SIGN
            + "(\\d{1,3}(?:([,'" + SPACES + "])\\d{3})(?:\\2\\d{3})*|\\d+)?(\\.\\d+)?([eE][+-]?\\d{1,3})?");
    /** Comma convention: groups by a point or a space, a decimal comma. */
    private static final Pattern COMMA_NUMBER = Pattern.compile(SIGN
            + "(\\d{1,3}(?:([." + SPACES + "'])\\d{3})(?:\\2\\d{3})*|\\d+)?(,\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})[-/](\\d{2})[-/](\\d{2})");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?) ?(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern DOTTED_TIMESTAMP = Pattern.compile(
            "(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}),? (\\d{1,2}:\\d{2}(:\\d{2})?)");
    private static final Pattern KEY_NAME = Pattern.compile("(?i)(.*[_ ])?(id|key|fk|ref)");

    private ValueReadings() {
    }

    static boolean isNull(String text) {
        return text.isEmpty() || NULLS.contains(text.toLowerCase(Locale.ROOT));
    }

    static int of(String text) {
        int readings = numbers(text);
        if (text.equals("0")) {
            readings |= BOOLEAN_DIGIT | ZERO;
        } else if (text.equals("1")) {
            readings |= BOOLEAN_DIGIT | ONE;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(lower) || FALSE_WORDS.contains(lower)) {
            return readings | BOOLEAN_WORD;
        }
        if (readings != 0) {
            return readings;
        }
        if (isoDate(text) != null) {
            return DATE_DAY_FIRST | DATE_MONTH_FIRST | (text.contains("/") ? 0 : TIMESTAMP);
        }
        Matcher numeric = NUMERIC_DATE.matcher(text);
        if (numeric.matches()) {
            int a = Integer.parseInt(numeric.group(1));
            int b = Integer.parseInt(numeric.group(3));
            int year = Integer.parseInt(numeric.group(4));
            boolean slash = numeric.group(2).equals("/");
            return (valid(year, b, a) ? DATE_DAY_FIRST : 0) | (slash && valid(year, a, b) ? DATE_MONTH_FIRST : 0);
        }
        if (timestamp(text) != null) {
            return TIMESTAMP;
        }
        return 0;
    }

    private static int numbers(String text) {
        int readings = 0;
        Matcher point = POINT_NUMBER.matcher(text);
        if (point.matches() && (point.group(1) != null || point.group(3) != null)) {
            readings |= DECIMAL_POINT;
            if (point.group(3) == null && point.group(4) == null && integral(point.group(1))) {
                readings |= INTEGER_POINT;
            }
        }
        Matcher comma = COMMA_NUMBER.matcher(text);
        if (comma.matches() && (comma.group(1) != null || comma.group(3) != null)) {
            readings |= DECIMAL_COMMA;
            if (comma.group(3) == null && integral(comma.group(1))) {
                readings |= INTEGER_COMMA;
            }
        }
        if (readings != 0 && leadingZero(text)) {
            // "007", "0123": an identifier, not a number
            return 0;
        }
        return readings;
    }

    private static boolean leadingZero(String text) {
        String digits = text.replaceFirst("^[+\\-\u2212]", "");
        return digits.length() > 1 && digits.charAt(0) == '0' && Character.isDigit(digits.charAt(1));
    }

    private static boolean integral(String digits) {
        if (digits == null) {
            return false;
        }
        String plain = digits.replaceAll("[^0-9]", "");
        return plain.length() < 19 || plain.length() == 19 && plain.compareTo("9223372036854775807") <= 0;
    }

    /**
     * How a column is read, from the readings all its cells allow ({@code all}), what any of them
     * showed ({@code any}), the file's number convention ({@code decimalComma}) and its name.
     */
    static Reading reading(int all, int any, boolean decimalComma, String columnName) {
        if ((all & BOOLEAN_WORD) != 0 && (all & (INTEGER_POINT | INTEGER_COMMA)) == 0) {
            return Reading.BOOLEAN_WORD;
        }
        if ((all & BOOLEAN_DIGIT) != 0 && (any & ZERO) != 0 && (any & ONE) != 0
                && !KEY_NAME.matcher(columnName).matches()) {
            return Reading.BOOLEAN_DIGIT;
        }
        Reading[] numbers = decimalComma
                ? new Reading[] {Reading.INTEGER_COMMA, Reading.DECIMAL_COMMA, Reading.INTEGER_POINT,
                        Reading.DECIMAL_POINT}
                : new Reading[] {Reading.INTEGER_POINT, Reading.DECIMAL_POINT, Reading.INTEGER_COMMA,
                        Reading.DECIMAL_COMMA};
        for (Reading number : numbers) {
            if ((all & bit(number)) != 0) {
                return number;
            }
        }
        if ((all & DATE_DAY_FIRST) != 0) {
            return Reading.DATE_DAY_FIRST;
        }
        if ((all & DATE_MONTH_FIRST) != 0) {
            return Reading.DATE_MONTH_FIRST;
        }
        if ((all & TIMESTAMP) != 0) {
            return Reading.TIMESTAMP;
        }
        return Reading.STRING;
    }

    /** A column only one convention reads as numbers: evidence of the file's convention. */
    static int convention(int all) {
        boolean point = (all & DECIMAL_POINT) != 0;
        boolean comma = (all & DECIMAL_COMMA) != 0;
        return point == comma ? 0 : comma ? 1 : -1;
    }

    private static int bit(Reading reading) {
        return switch (reading) {
            case INTEGER_POINT -> INTEGER_POINT;
            case INTEGER_COMMA -> INTEGER_COMMA;
            case DECIMAL_POINT -> DECIMAL_POINT;
            case DECIMAL_COMMA -> DECIMAL_COMMA;
            default -> 0;
        };
    }

    /** A cell's value as its column reads it; for JSON: numbers, booleans, ISO-8601 strings, null. */
    static Object value(String text, Reading reading) {
        if (isNull(text)) {
            return null;
        }
        switch (reading) {
            case INTEGER_POINT, INTEGER_COMMA:
                return Long.parseLong(plainNumber(text, reading == Reading.INTEGER_COMMA));
            case DECIMAL_POINT, DECIMAL_COMMA:
                return new BigDecimal(plainNumber(text, reading == Reading.DECIMAL_COMMA));
            case BOOLEAN_WORD, BOOLEAN_DIGIT:
                String lower = text.toLowerCase(Locale.ROOT);
                return TRUE_WORDS.contains(lower) || lower.equals("1");
            case DATE_DAY_FIRST, DATE_MONTH_FIRST:
                return date(text, reading == Reading.DATE_DAY_FIRST).toString();
            case TIMESTAMP:
                String iso = timestamp(text);
                return iso != null ? iso : isoDate(text) + "T00:00:00";
            default:
                return text;
        }
    }

    /** "−1.234,5" in the comma convention -> "-1234.5". */
    private static String plainNumber(String text, boolean decimalComma) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u2212' || c == '-') {
                out.append('-');
            } else if (Character.isDigit(c) || c == 'e' || c == 'E') {
                out.append(c);
            } else if (c == '+' && i > 0) {
                out.append(c);
            } else if (c == (decimalComma ? ',' : '.')) {
                out.append('.');
            }
        }
        return out.toString();
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
        Matcher m = ISO_DATE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        return valid(year, month, day) ? LocalDate.of(year, month, day) : null;
    }

    /** The ISO-8601 spelling of a timestamp, or null when the text is none. */
    private static String timestamp(String text) {
        Matcher dotted = DOTTED_TIMESTAMP.matcher(text);
        if (dotted.matches()) {
            int day = Integer.parseInt(dotted.group(1));
            int month = Integer.parseInt(dotted.group(2));
            int year = Integer.parseInt(dotted.group(3));
            if (!valid(year, month, day)) {
                return null;
            }
            String time = (dotted.group(4).length() == 4 ? "0" : "") + dotted.group(4);
            return timestamp(LocalDate.of(year, month, day) + "T" + time);
        }
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
            if (zone.length() == 3) {
                zone = zone + ":00";
            } else if (zone.length() == 5) {
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
}
