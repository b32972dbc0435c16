package dev.heritage.classify.model;

import dev.heritage.api.FieldKind;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;

/**
 * A known field the annotator reads: a categorical field through an embedding (its vocabulary plus
 * MISSING and UNKNOWN), or a text field through hashed n-grams.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the column name
 * @param kind {@link FieldKind#CATEGORICAL} or {@link FieldKind#TEXT}
 * @param vocabulary for a categorical field; {@code null} for text
 * @param hasher for a text field; {@code null} for categorical
 */
public record InputField(String name, FieldKind kind, Vocabulary vocabulary, TextHasher hasher) {

    /** @return the network input's name for this field */
    public String tensorName() {
        return (kind == FieldKind.TEXT ? "text_" : "field_") + name;
    }
}
