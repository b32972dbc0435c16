package dev.heritage.spark;

import dev.heritage.api.Asset;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object to annotate on Spark: the serialisable form of an {@link Asset}. The image is a path
 * that every executor can read (a shared or mounted filesystem), or {@code null} when the object
 * has no image; executors open and decode it themselves, so images never travel through Spark.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the object's id
 * @param imagePath the image file, or {@code null}
 * @param fields the known fields (raw text; blank values count as missing)
 */
public record AssetRow(String id, String imagePath, Map<String, String> fields) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates and copies the fields into a serialisable map. */
    public AssetRow {
        Objects.requireNonNull(id, "id");
        fields = new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"));
    }

    /**
     * @param asset an asset
     * @param imagePath its image file, or {@code null} when it has none
     * @return the row
     */
    public static AssetRow of(Asset asset, Path imagePath) {
        return new AssetRow(asset.id(), imagePath == null ? null : imagePath.toString(), asset.fields());
    }

    /** @return the asset, its image read from {@link #imagePath()} */
    public Asset toAsset() {
        Asset.Builder b = Asset.builder(id);
        if (imagePath != null) {
            b.image(Path.of(imagePath));
        }
        fields.forEach(b::field);
        return b.build();
    }

    /** @return the known fields (a copy) */
    @Override
    public Map<String, String> fields() {
        return new LinkedHashMap<>(fields);
    }
}
