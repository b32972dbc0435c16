package dev.heritage.classify.batch;

import dev.heritage.api.FieldKind;
import dev.heritage.api.ModelCard;
import dev.heritage.api.TaskSpec;
import dev.heritage.classify.collection.CollectionSchema;
import java.util.HashSet;
import java.util.Set;

/**
 * The columns an annotation run reads for a model: the model's inputs, its tasks (a known value is
 * not predicted) and the year, with the default id and image columns. Stateless and thread-safe.
 */
public final class AnnotationSchema {
    private AnnotationSchema() {}

    /**
     * @param card the model's card
     * @return the schema to read a collection with before annotating it with that model
     */
    public static CollectionSchema of(ModelCard card) {
        CollectionSchema.Builder schema = CollectionSchema.builder();
        Set<String> fields = new HashSet<>();
        card.inputs().stream().filter(f -> !f.name().equals("image")).forEach(f -> {
            if (fields.add(f.name())) {
                schema.field(f.name(), f.kind());
            }
        });
        for (TaskSpec t : card.tasks()) {
            if (fields.add(t.name())) {
                schema.field(t.name(), FieldKind.TEXT);
            }
        }
        if (fields.add("year")) {
            schema.field("year", FieldKind.YEAR);
        }
        return schema.build();
    }
}
