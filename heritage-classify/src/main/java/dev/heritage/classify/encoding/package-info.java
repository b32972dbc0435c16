/**
 * How known fields become network inputs and labels: categorical vocabularies with MISSING and
 * UNKNOWN entries, language-agnostic hashed text, and year bins (decades, centuries).
 */
package dev.heritage.classify.encoding;
