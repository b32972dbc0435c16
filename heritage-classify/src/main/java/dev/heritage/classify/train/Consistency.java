package dev.heritage.classify.train;

import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts answer pairs that contradict each other: a decade outside the predicted century, or an
 * artist never seen with the (known or predicted) style. Stateless and thread-safe.
 */
final class Consistency {
    private Consistency() {
    }

    /**
     * @param model the model (its joint decoder holds the co-occurrence tables)
     * @param pass the pass (visible fields)
     * @param probs final probabilities per task
     * @return per pair kind, the share of rows whose two answers contradict each other
     */
    static Map<String, Object> inconsistentShare(AnnotatorModel model, AnnotatorEvaluator.Pass pass,
                                                 Map<String, double[][]> probs) {
        JointDecoder d = model.decoder();
        Map<String, Object> out = new LinkedHashMap<>();
        TaskEncoder decade = d.decadeTask();
        TaskEncoder century = d.centuryTask();
        if (decade != null && century != null) {
            double[][] pd = probs.get(decade.name());
            double[][] pc = probs.get(century.name());
            int bad = 0;
            for (int r = 0; r < pd.length; r++) {
                int dBin = Calibration.argMax(pd[r]);
                int cBin = Calibration.argMax(pc[r]);
                bad += century.bins().bin((int) Math.floor(decade.bins().centre(dBin))) != cBin ? 1 : 0;
            }
            out.put("decadeOutsideCentury", pd.length == 0 ? 0 : bad / (double) pd.length);
        }
        TaskEncoder artist = d.artistTask();
        TaskEncoder style = d.styleTask();
        if (artist != null && style != null) {
            double[][] pa = probs.get(artist.name());
            double[][] ps = probs.get(style.name());
            int bad = 0;
            for (int r = 0; r < pa.length; r++) {
                int a = Calibration.argMax(pa[r]);
                String knownStyle = pass.visible().get(artist.name()).get(r).get(style.source());
                int s = knownStyle != null ? style.vocabulary().classOf(knownStyle) : Calibration.argMax(ps[r]);
                bad += s >= 0 && !d.artistStyles()[a][s] ? 1 : 0;
            }
            out.put("artistNeverSeenWithStyle", pa.length == 0 ? 0 : bad / (double) pa.length);
        }
        return out;
    }
}
