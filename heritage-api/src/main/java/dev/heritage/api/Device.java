package dev.heritage.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A compute device: the CPU, or a CUDA GPU by index.
 *
 * <p>Parsed from and printed as {@code cpu} or {@code cuda:N}. The CPU is always available; a CUDA
 * device is used only when asked for, and an engine that cannot use it says why with a
 * {@link DeviceUnavailableException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type {@code cpu} or {@code cuda}
 * @param index the device index; 0 for the CPU
 */
public record Device(String type, int index) {
    /** The device type of the CPU. */
    public static final String CPU = "cpu";
    /** The device type of CUDA GPUs. */
    public static final String CUDA = "cuda";

    /** Validates the fields. */
    public Device {
        Objects.requireNonNull(type, "type");
        if (!type.equals(CPU) && !type.equals(CUDA)) {
            throw new IllegalArgumentException("Unknown device type '" + type + "': use cpu or cuda");
        }
        if (index < 0) {
            throw new IllegalArgumentException("Device index must be >= 0, got " + index);
        }
    }

    /** @return the CPU */
    public static Device cpu() {
        return new Device(CPU, 0);
    }

    /**
     * @param index the GPU index (0 for the first GPU)
     * @return the CUDA GPU of that index
     */
    public static Device cuda(int index) {
        return new Device(CUDA, index);
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:N} or {@code gpu:N}.
     *
     * @param text the device as written by a user
     * @return the device
     * @throws IllegalArgumentException if the text names no device
     */
    public static Device parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim().toLowerCase(Locale.ROOT);
        if (t.equals(CPU)) {
            return cpu();
        }
        String[] parts = t.split(":", 2);
        if (parts[0].equals(CUDA) || parts[0].equals("gpu")) {
            try {
                return cuda(parts.length == 2 ? Integer.parseInt(parts[1]) : 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad device '" + text + "': write cpu, cuda or cuda:N", e);
            }
        }
        throw new IllegalArgumentException("Unknown device '" + text + "': write cpu, cuda or cuda:N");
    }

    /** @return true for the CPU */
    public boolean isCpu() {
        return type.equals(CPU);
    }

    @Override
    public String toString() {
        return isCpu() ? CPU : CUDA + ":" + index;
    }
}
