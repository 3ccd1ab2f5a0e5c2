package io.modelfleet.api.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelfleet.api.InvalidInputException;

class TagSelectorTest {

    @Test
    void keyAloneMatchesAnyValue() {
        assertEquals(new TagSelector("outdoor", null), TagSelector.parse("outdoor"));
    }

    @Test
    void keyEqualsValueAndKeyColonValueMeanTheSame() {
        assertEquals(new TagSelector("line", "3"), TagSelector.parse("line=3"));
        assertEquals(new TagSelector("line", "3"), TagSelector.parse("line:3"));
        assertEquals(new TagSelector("site.name_2-b", "Berlin Mitte"), TagSelector.parse("site.name_2-b=Berlin Mitte"));
    }

    @Test
    void theFirstSeparatorSplitsAndTheValueKeepsTheOthers() {
        assertEquals(new TagSelector("url", "http://x:8080/?a=b"), TagSelector.parse("url=http://x:8080/?a=b"));
        assertEquals(new TagSelector("url", "http://x:8080"), TagSelector.parse("url:http://x:8080"));
        assertEquals(new TagSelector("note", "a=b"), TagSelector.parse("note:a=b"));
        assertEquals(new TagSelector("eq", "="), TagSelector.parse("eq=="));
    }

    @Test
    void anEmptyValueIsAValueNotAnyValue() {
        assertEquals(new TagSelector("site", ""), TagSelector.parse("site="));
        assertEquals(new TagSelector("site", ""), TagSelector.parse("site:"));
    }

    @Test
    void nullIsNoSelector() {
        assertNull(TagSelector.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "=", "=3", ":berlin", " :berlin", " =3" })
    void aKeyIsRequired(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TagSelector.parse(text));
        assertTrue(e.detail().startsWith("tag must look like key or key=value"), e.detail());
        assertTrue(e.fields().containsKey("tag"), e.fields().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "my site=3", " line=3", "line =3", "-line=3", "l/ne=3" })
    void keysAreNames(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TagSelector.parse(text));
        assertTrue(e.detail().startsWith("tag key may contain only letters"), e.detail());
    }

    @Test
    void tooLongKeysAndValuesAreRefusedNamingTheLimit() {
        String key = "k".repeat(EdgeUpdate.MAX_TAG_KEY);
        String value = "v".repeat(EdgeUpdate.MAX_TAG_VALUE);
        assertEquals(new TagSelector(key, value), TagSelector.parse(key + "=" + value), "the limits themselves are fine");
        assertEquals("tag key is 65 characters long; the limit is 64",
                assertThrows(InvalidInputException.class, () -> TagSelector.parse(key + "k=3")).detail());
        assertEquals("tag value is 257 characters long; the limit is 256",
                assertThrows(InvalidInputException.class, () -> TagSelector.parse("line=" + value + "v")).detail());
    }

    @Test
    void aLongTextIsQuotedClipped() {
        String text = "=" + "x".repeat(1000);
        String detail = assertThrows(InvalidInputException.class, () -> TagSelector.parse(text)).detail();
        assertTrue(detail.length() < 200, detail);
        assertTrue(detail.endsWith("...'"), detail);
    }

    @Test
    void theConstructorChecksToo() {
        assertThrows(InvalidInputException.class, () -> new TagSelector(null, "3"));
        assertThrows(InvalidInputException.class, () -> new TagSelector("a=b", null));
    }

    @Test
    void writtenAsParsed() {
        for (String text : new String[] { "outdoor", "line=3", "site=", "url=http://x:8080/?a=b" }) {
            assertEquals(text, TagSelector.parse(text).toString());
        }
        assertEquals("line=3", TagSelector.parse("line:3").toString());
    }
}
