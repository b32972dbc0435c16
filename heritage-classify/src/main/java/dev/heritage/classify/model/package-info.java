/**
 * The annotator model as it runs: the specification of its inputs and tasks, the image evidence (backbone
 * features and descriptors), calibration, joint decoding and the open-set detector. Internal: read from a
 * model card by {@link dev.heritage.classify.Annotators}; may change without notice.
 */
package dev.heritage.classify.model;
