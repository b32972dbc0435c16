package dev.heritage.api;

/** What a model does. Immutable and thread-safe. */
public enum ModelKind {
    /** Predicts metadata fields ({@link dev.heritage.api.Annotator}). */
    ANNOTATOR,
    /** Fills damaged pixels ({@link dev.heritage.api.Reconstructor}). */
    RECONSTRUCTOR,
    /** Neither: a test or conformance network. */
    NETWORK
}
