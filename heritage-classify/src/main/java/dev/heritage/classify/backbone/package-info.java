/**
 * Heritage's pretrained image backbone: the ImageNet-pretrained Keras MobileNetV2 that the npm package
 * nsfwjs 4.4.0 ships, converted once into a Heritage {@link dev.heritage.network.NetworkGraph} and
 * committed as a SHA-256-sealed artifact (about 2.7 MB, weights kept uint8-quantised as in the source).
 *
 * <ul>
 *   <li>{@link dev.heritage.classify.backbone.MobileNetV2}: load the committed backbone from the class
 *       path, and preprocess images for it;</li>
 *   <li>{@link dev.heritage.classify.backbone.Backbone}: a verified backbone (card, graph, weights), and
 *       how any backbone directory or class-path folder is verified and read;</li>
 *   <li>{@link dev.heritage.network.weights.QuantizedWeights} and
 *       {@link dev.heritage.network.weights.QuantizedTensor}: the compact {@code HQW1} weights format;</li>
 *   <li>{@code dev.heritage.classify.convert.NsfwjsConverter}: the reproducible conversion from the npm
 *       package ({@code scripts/convert-backbone.sh});</li>
 *   <li>{@link dev.heritage.classify.backbone.PerceptualDistance}: the perceptual distance of
 *       reconstruction reports, the backbone's pooled features over a mask's bounding box.</li>
 * </ul>
 *
 * <p>The weights are MIT-licensed, Copyright (c) 2019 Infinite Red, Inc.; the artifact carries the
 * licence and a notice, which travel with any copy.
 */
package dev.heritage.classify.backbone;
