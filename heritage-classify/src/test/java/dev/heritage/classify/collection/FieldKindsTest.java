package dev.heritage.classify.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.FieldKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldKindsTest {

    @ParameterizedTest
    @CsvSource({"1889,1889", "-350,-350", "1889.0,1889", "1889.00,1889", "' 1901 ',1901", "+1500,1500", "0,0"})
    void yearsAreRead(String raw, int expected) throws FieldValueException {
        assertEquals(expected, FieldKinds.parseYear(raw));
        assertEquals(Integer.toString(expected), FieldKinds.normalise(FieldKind.YEAR, raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "circa 1890", "1889-1890", "1889.5", "c. 1900", "1,889", "12345678", "1e3", "--5"})
    void nonYearsAreErrorsThatQuoteTheValue(String raw) {
        FieldValueException e = assertThrows(FieldValueException.class, () -> FieldKinds.parseYear(raw));
        assertTrue(e.getMessage().startsWith("'" + raw + "' is not a year"), e.getMessage());
    }

    @Test
    void blankIsMissingNotAnError() throws FieldValueException {
        for (FieldKind kind : FieldKind.values()) {
            assertNull(FieldKinds.normalise(kind, ""));
            assertNull(FieldKinds.normalise(kind, "   "));
            assertNull(FieldKinds.normalise(kind, null));
        }
    }

    @ParameterizedTest
    @CsvSource({"12,12", "-0.5,-0.5", "1e3,1000", ".5,0.5", "3.,3", "' 7 ',7"})
    void numbersAreRead(String raw, double expected) throws FieldValueException {
        assertEquals(expected, FieldKinds.parseNumber(raw));
        assertEquals(raw.strip(), FieldKinds.normalise(FieldKind.NUMERIC, raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "1,5", "12 cm", "0x10", "1.5d", "abc", "1e99999"})
    void nonNumbersAreErrors(String raw) {
        FieldValueException e = assertThrows(FieldValueException.class, () -> FieldKinds.parseNumber(raw));
        assertTrue(e.getMessage().startsWith("'" + raw + "'"), e.getMessage());
    }

    @Test
    void textIsStripped() throws FieldValueException {
        assertEquals("Impressionism", FieldKinds.normalise(FieldKind.CATEGORICAL, " Impressionism "));
        assertEquals("circa 1890", FieldKinds.normalise(FieldKind.TEXT, "circa 1890"));
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String raw = "x".repeat(500);
        FieldValueException e = assertThrows(FieldValueException.class, () -> FieldKinds.parseYear(raw));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
}
