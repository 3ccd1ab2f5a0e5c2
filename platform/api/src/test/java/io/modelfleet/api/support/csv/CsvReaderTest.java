package io.modelfleet.api.support.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;

class CsvReaderTest {

    @Test
    void bareCarriageReturnsEndLines() throws Exception {
        CsvReader reader = new CsvReader(new StringReader("a,b\r1,2\r"), 100);
        assertEquals(List.of("a", "b"), reader.next());
        assertEquals(List.of("1", "2"), reader.next());
        assertEquals(2, reader.recordLine());
        assertNull(reader.next());
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
        CsvReader reader = new CsvReader(new StringReader("\"a,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nx,y,z\n"), 100);
        assertEquals(List.of("a,1", "say \"hi\"", "two\nlines"), reader.next());
        assertEquals(List.of("x", "y", "z"), reader.next());
        assertEquals(3, reader.recordLine(), "the second record starts on line 3");
    }

    @Test
    void anUnclosedQuoteNamesItsLine() {
        CsvReader reader = new CsvReader(new StringReader("a\n\"open\n"), 100);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            while (reader.next() != null) {
                // read on
            }
        });
        assertTrue(e.detail().contains("line 2"), e.detail());
    }
}
