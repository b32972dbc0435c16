/**
 * Output formats of annotation runs, one class per format behind {@link
 * dev.heritage.classify.output.AnnotationWriter}:
 *
 * <ul>
 *   <li>{@link dev.heritage.classify.output.JsonLinesWriter}: one JSON object per line, a result or
 *       an error record (the command line's default, resumable);
 *   <li>{@link dev.heritage.classify.output.WebAnnotationWriter}: a W3C Web Annotation
 *       {@code AnnotationPage} (JSON-LD) with one machine-generated annotation per predicted field,
 *       for IIIF viewers and linked-data pipelines;
 *   <li>{@link dev.heritage.classify.output.ReviewCsvWriter}: one CSV row per object for review in a
 *       spreadsheet, whose decisions {@link dev.heritage.classify.output.ReviewDecisions} reads back
 *       as known fields for a re-run.
 * </ul>
 *
 * <p>{@link dev.heritage.classify.output.OutputFormat#open} makes the writer of a format;
 * {@link dev.heritage.classify.output.Generator} names the model, its version and the engine that
 * produced the results. Writers stream to a {@link java.io.Writer} they do not create: writing
 * to a temporary file and renaming it is the caller's part.
 */
package dev.heritage.classify.output;
