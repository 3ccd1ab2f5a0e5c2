package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BaselineTest {

    /** The server's migrations, relative to this module (Surefire runs with the module as working directory). */
    private static final Path SERVER_RESOURCES = Path.of("../../platform/persistence/src/main/resources");
    private static final Pattern SERVER_TABLE = Pattern.compile(
            "CREATE TABLE (IF NOT EXISTS )?inference_result \\(.*?\\)\\s*ENGINE=[^;]*", Pattern.DOTALL);

    @Test
    void insertSqlHasOnePlaceholderGroupPerRow() {
        String sql = Baseline.insertSql(3);
        assertTrue(sql.startsWith("INSERT IGNORE INTO inference_result " + Baseline.COLUMNS + " VALUES ("));
        assertEquals(3 * Baseline.PARAMS_PER_ROW, sql.chars().filter(c -> c == '?').count());
        assertEquals(2, sql.split("\\),\\(", -1).length - 1);
        assertEquals(Baseline.PARAMS_PER_ROW, Baseline.COLUMNS.split(",").length);
    }

    @Test
    void tableIsTheOneTheServerCreates() throws Exception {
        assumeTrue(Files.isDirectory(SERVER_RESOURCES), "server sources not found next to this module");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SERVER_RESOURCES)) {
            for (Path sql : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                Matcher m = SERVER_TABLE.matcher(Files.readString(sql));
                if (m.find()) {
                    found.add(m.group());
                }
            }
        }
        assertEquals(1, found.size(), "CREATE TABLE inference_result in the server's migrations: " + found);
        assertEquals(normalize(found.get(0)), normalize(Baseline.DDL));
    }

    /** Whitespace and IF NOT EXISTS do not change the table. */
    private static String normalize(String sql) {
        return sql.replace("IF NOT EXISTS ", "").replaceAll("\\s+", " ").replaceAll("\\s*([(),])\\s*", "$1").trim();
    }
}
