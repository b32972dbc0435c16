/**
 * Research programs behind the annotator figures in {@code docs/} (ablations, baselines, open-set
 * leave-out studies). Not API, not published; each class's Javadoc gives its command.
 */
package dev.heritage.research.classify;
