package dev.heritage.classify.model;

/** How a task's label is derived from its source column. Immutable and thread-safe. */
public enum TaskKind {
    /** The column's value itself, one of a vocabulary. */
    CATEGORICAL,
    /** The 10-year bin of a year column. */
    DECADE,
    /** The century of a year column. */
    CENTURY
}
