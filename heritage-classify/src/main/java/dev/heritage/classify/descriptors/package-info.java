/**
 * Hand-crafted image descriptors: a fixed-length vector of colour, texture, edge, frequency and
 * global statistics computed in plain Java
 * ({@link dev.heritage.classify.descriptors.HandcraftedDescriptors}), identical at training and at
 * inference, and a small binary cache of descriptor matrices
 * ({@code dev.heritage.classify.train.DescriptorCache}) so that training runs need not
 * recompute them.
 */
package dev.heritage.classify.descriptors;
