package dev.heritage.classify.backbone;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.export.FoldedBatchNorm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backbone feature graph ({@link MobileNetV2#featureGraph}) cut at one activation, so that the part
 * above the cut (the "tower") can be fine-tuned while the part below stays frozen and its output is
 * computed once and cached.
 *
 * <p>The feature graph ends in a concatenation of parts (the pooled features and the style
 * statistics), or is one part (the pooled features alone); each part is computed either entirely below the cut (it does not depend on it) or
 * in the tower. The tower graph takes the cut activation and returns its parts concatenated in
 * feature order (output {@value #TOWER}, or the part itself when there is only one); {@link #parts()} says where every part sits in the feature vector,
 * so the full vector can be reassembled from the tower's output and the cached frozen parts.
 *
 * <p>The tower's batch norms are folded into their convolutions ({@link FoldedBatchNorm#fold}): the
 * statistics stay those of the pretrained network while the convolution weights are trained, which
 * is the usual choice for small fine-tuning sets.
 *
 * <p>Immutable and thread-safe.
 *
 * @param features the full feature graph
 * @param cut the node whose output the tower reads
 * @param lower the graph from the image to the cut (output {@code cut})
 * @param tower the folded tower (input {@code cut}; one output, its parts in feature order)
 * @param towerWeights the tower's initial (pretrained, folded) parameters
 * @param parts the feature vector's parts, in order
 */
public record BackboneSplit(
        NetworkGraph features,
        String cut,
        NetworkGraph lower,
        NetworkGraph tower,
        NetworkWeights towerWeights,
        List<Part> parts) {

    /** The tower's output node when it computes more than one part. */
    public static final String TOWER = "tower";

    /** The MobileNetV2 cut used for fine-tuning: the last 7 × 7 × 160 activation before blocks 14–16. */
    public static final String MOBILENETV2_CUT = "block_13_project_BN";

    /**
     * One part of the feature vector.
     *
     * @param node the node that computes it
     * @param offset its first index in the feature vector
     * @param length its length
     * @param inTower whether the tower computes it
     */
    public record Part(String node, int offset, int length, boolean inTower) {}

    /**
     * @param features a feature graph whose output is one-dimensional: a concatenation of parts, or one part
     * @param weights its parameters
     * @param cut the node to cut at
     * @return the split
     * @throws IllegalArgumentException if the graph has no such node
     */
    public static BackboneSplit of(NetworkGraph features, NetworkWeights weights, String cut) {
        features.node(cut);
        String output = features.outputs().get(0);
        NetworkGraph.Node last = features.node(output);
        boolean concatenated = last.layer() instanceof Layer.Concat;
        List<String> partNodes = concatenated ? last.inputs() : List.of(output);
        Set<String> above = new HashSet<>(Set.of(cut));
        for (NetworkGraph.Node n : features.nodes()) {
            if (n.inputs().stream().anyMatch(above::contains)) {
                above.add(n.name());
            }
        }
        Map<String, long[]> shapes = features.shapes();
        List<Part> parts = new ArrayList<>();
        List<String> towerParts = new ArrayList<>();
        int offset = 0;
        for (String p : partNodes) {
            int length = (int) shapes.get(p)[0];
            boolean inTower = above.contains(p);
            parts.add(new Part(p, offset, length, inTower));
            if (inTower) {
                towerParts.add(p);
            }
            offset += length;
        }
        NetworkGraph.Builder t =
                NetworkGraph.builder(features.name() + "-tower").input(cut, Tensor.DataType.FLOAT32, shapes.get(cut));
        for (NetworkGraph.Node n : features.nodes()) {
            if (above.contains(n.name())
                    && !(concatenated && n.name().equals(output))
                    && !n.name().equals(cut)) {
                t.node(n.name(), n.layer(), n.inputs().toArray(String[]::new));
            }
        }
        String towerOutput = towerParts.size() == 1 ? towerParts.get(0) : TOWER;
        if (towerParts.size() > 1) {
            t.node(TOWER, new Layer.Concat(), towerParts.toArray(String[]::new));
        }
        NetworkGraph tower = t.output(towerOutput).build().prune(List.of(towerOutput));
        FoldedBatchNorm.Folded folded = FoldedBatchNorm.fold(tower, NetworkWeights.select(tower, weights.asMap()));
        return new BackboneSplit(
                features, cut, features.prune(List.of(cut)), folded.graph(), folded.weights(), List.copyOf(parts));
    }

    /**
     * @param towerOut the tower's output for one image ({@link #towerDimension()} values)
     * @param frozen the whole feature vector of that image from the frozen backbone
     * @return a copy of {@code frozen} with the tower's parts replaced by {@code towerOut}
     */
    public float[] withTowerOutput(float[] towerOut, float[] frozen) {
        float[] v = frozen.clone();
        int t = 0;
        for (Part p : parts) {
            if (p.inTower()) {
                System.arraycopy(towerOut, t, v, p.offset(), p.length());
                t += p.length();
            }
        }
        return v;
    }

    /** @return the length of the tower's output */
    public int towerDimension() {
        return parts.stream().filter(Part::inTower).mapToInt(Part::length).sum();
    }

    /** @return the length of the feature vector */
    public int featureDimension() {
        return parts.stream().mapToInt(Part::length).sum();
    }

    /**
     * The feature graph with a trained tower: the frozen lower graph, the tower's nodes, and the
     * original concatenation of parts.
     *
     * @param lowerWeights parameters of the lower graph
     * @param trainedTower the tower's trained parameters
     * @return the merged graph and its parameters
     */
    public FoldedBatchNorm.Folded merge(NetworkWeights lowerWeights, NetworkWeights trainedTower) {
        NetworkGraph.Builder b = NetworkGraph.builder(features.name() + "-tuned");
        features.inputs().forEach(in -> b.input(in.name(), in.type(), in.shape()));
        List<String> lowerParts =
                parts.stream().filter(p -> !p.inTower()).map(Part::node).toList();
        NetworkGraph lowerWithParts = features.prune(concatenate(List.of(cut), lowerParts));
        for (NetworkGraph.Node n : lowerWithParts.nodes()) {
            b.node(n.name(), n.layer(), n.inputs().toArray(String[]::new));
        }
        for (NetworkGraph.Node n : tower.nodes()) {
            if (!n.name().equals(TOWER)) {
                b.node(n.name(), n.layer(), n.inputs().toArray(String[]::new));
            }
        }
        String output = features.outputs().get(0);
        if (features.node(output).layer() instanceof Layer.Concat) {
            b.node(output, new Layer.Concat(), parts.stream().map(Part::node).toArray(String[]::new));
        }
        b.output(output);
        NetworkGraph merged = b.build();
        Map<String, Tensor> values = new HashMap<>(lowerWeights.asMap());
        values.putAll(trainedTower.asMap()); // the tower's nodes replace (folded) or are above the lower ones
        return new FoldedBatchNorm.Folded(merged, NetworkWeights.select(merged, values));
    }

    private static List<String> concatenate(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
