package io.projectservice.analysis.tables;

import io.projectservice.analysis.language.Names;
import io.projectservice.analysis.Deadline;
import io.projectservice.analysis.TableInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.tika.io.TikaInputStream;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Tables with inferred column types from CSV (comma, semicolon, tab or pipe separated, RFC 4180
 * quoting with {@code "} or {@code '}: see {@link CsvDialect}) and from every sheet of an XLSX
 * workbook. The first non-empty row is the header; the type rules are those of
 * {@link ValueReadings}. Blocking and CPU-bound.
 */
@ApplicationScoped
public class TableInference {

    public Optional<TableInfo> csv(String fileName, byte[] bytes) {
        return csv(fileName, bytes, Deadline.NONE);
    }

    /** The table of a delimited text file, or empty when it has no header row. */
    public Optional<TableInfo> csv(String fileName, byte[] bytes, Deadline deadline) {
        String text = decode(bytes);
        CsvDialect dialect = CsvDialect.of(text);
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter())
                .setQuote(dialect.quote())
                .setLenientEof(true)
                .setTrailingData(true)
                .get();
        TableBuilder table = new TableBuilder(tableName(fileName), dialect.decimalComma());
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                table.row(record.toList());
                deadline.check();
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new TableException("The file could not be read as a table: " + firstLine(e.getMessage()));
        }
        return table.hasHeader() ? Optional.of(table.build()) : Optional.empty();
    }

    /**
     * One table per sheet that has a header row, named {@code file_sheet}. Sheets are streamed, so
     * memory stays flat however many rows there are; the deadline is checked after every row.
     */
    public List<TableInfo> xlsx(String fileName, byte[] bytes, Deadline deadline) throws IOException {
        List<TableInfo> tables = new ArrayList<>();
        String file = tableName(fileName);
        // a file-backed package reads parts lazily instead of inflating every entry into memory
        try (TikaInputStream in = TikaInputStream.get(bytes);
                OPCPackage pkg = OPCPackage.open(in.getFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String sheetName = Names.snakeCase(sheets.getSheetName()).replaceFirst("^t_", "");
                    TableBuilder table = new TableBuilder(sheetName.isEmpty() ? file : file + "_" + sheetName);
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new SheetRows(table, deadline),
                            new IsoDataFormatter(), false));
                    xml.parse(new InputSource(sheet));
                    if (table.hasHeader()) {
                        tables.add(table.build());
                    }
                }
            }
        } catch (OpenXML4JException | SAXException | ParserConfigurationException e) {
            throw new TableException("The workbook's sheets could not be read as tables.");
        }
        return tables;
    }

    public List<TableInfo> xlsx(String fileName, byte[] bytes) throws IOException {
        return xlsx(fileName, bytes, Deadline.NONE);
    }

    static String tableName(String fileName) {
        String name = Names.snakeCase(Names.withoutExtension(fileName));
        return name.isEmpty() ? "table" : name;
    }

    /** UTF-8 (with or without BOM), UTF-16 with BOM, otherwise Windows-1252. */
    static String decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            return new String(bytes, StandardCharsets.UTF_16);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable content" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A file that is not a readable table; the message is meant for the user. */
    public static class TableException extends RuntimeException {
        public TableException(String message) {
            super(message, null, false, false);
        }
    }

    /** Hands each sheet row to the table, cells placed by their column letter. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final TableBuilder table;
        private final Deadline deadline;
        private final List<String> cells = new ArrayList<>();

        SheetRows(TableBuilder table, Deadline deadline) {
            this.table = table;
            this.deadline = deadline;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            table.row(cells);
            deadline.check();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            if (column < cells.size() || column >= TableBuilder.MAX_COLUMNS) {
                return;
            }
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }
    }
}
