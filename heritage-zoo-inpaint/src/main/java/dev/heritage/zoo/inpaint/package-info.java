/**
 * The zoo artifact {@code dev.heritage:heritage-zoo-inpaint}: the WikiArt-trained reconstructor
 * {@code paintings-inpaint} (non-commercial research and educational use only). Put it on the class path to
 * load the model by id; the library jars carry no model weights.
 */
package dev.heritage.zoo.inpaint;
