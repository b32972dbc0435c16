package dev.heritage.classify.descriptors;

import java.util.Objects;

/**
 * One named, contiguous block of a descriptor vector, for example the HSV histogram or the
 * edge-orientation histogram.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name a short identifier, e.g. {@code hsv_hist}
 * @param offset the index of the block's first value in the vector
 * @param length the number of values in the block
 * @param description what the values are and how they are normalised
 */
public record DescriptorBlock(String name, int offset, int length, String description) {

    /** Validates. */
    public DescriptorBlock {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad block " + name + " at " + offset + " of length " + length);
        }
    }

    /** @return the index just past the block's last value */
    public int end() {
        return offset + length;
    }
}
