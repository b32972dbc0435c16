/**
 * Collections as Heritage reads them: a {@code metadata.csv} (RFC 4180) plus image files.
 *
 * <ul>
 *   <li>{@link dev.heritage.classify.collection.CsvReader} and
 *       {@link dev.heritage.classify.collection.CsvWriter}: a streaming RFC 4180 reader that reports a
 *       malformed record as a per-row problem (with its physical line number) and goes on, and a
 *       writer of the same dialect, so that what one writes the other reads back cell for cell.
 *   <li>{@link dev.heritage.classify.collection.CollectionSchema} and
 *       {@link dev.heritage.classify.collection.FieldKinds}: which columns are the id, the image and
 *       the typed metadata fields, and how a cell becomes a year or a number.
 *   <li>{@link dev.heritage.classify.collection.CollectionReader} (streaming) and
 *       {@link dev.heritage.classify.collection.LoadedCollection} (loaded): rows become
 *       {@link dev.heritage.api.Asset}s, or {@link dev.heritage.classify.collection.RowError}s that
 *       name the row, the line, the id and the column, so that one bad row never stops a batch.
 *   <li>{@link dev.heritage.classify.collection.Split}: seeded, stratified train/validation splits,
 *       optionally grouped so that a numbered series of one artist never straddles the split.
 * </ul>
 */
package dev.heritage.classify.collection;
