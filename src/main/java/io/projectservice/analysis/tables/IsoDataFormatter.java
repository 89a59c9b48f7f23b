package io.projectservice.analysis.tables;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Spreadsheet numbers as {@link ValueReadings} reads them, whatever the cell's display format:
 * dates as ISO-8601 ({@code 2024-05-01}, or with a time when there is one), other numbers in
 * plain notation without trailing zeros.
 */
public final class IsoDataFormatter extends DataFormatter {

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
        if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
            LocalDateTime time = DateUtil.getLocalDateTime(value, use1904Windowing, true);
            return time.toLocalTime().equals(LocalTime.MIDNIGHT) ? time.toLocalDate().toString() : time.toString();
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
