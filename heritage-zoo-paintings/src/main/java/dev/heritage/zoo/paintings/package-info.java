/**
 * The zoo artifact {@code dev.heritage:heritage-zoo-paintings}: the WikiArt-trained annotator
 * {@code paintings-multitask} (non-commercial research and educational use only). Put it on the class path
 * to load the model by id; the library jars carry no model weights.
 */
package dev.heritage.zoo.paintings;
