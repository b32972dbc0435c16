package dev.heritage.classify.train;

import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts answer pairs that contradict each other: a decade outside the predicted century, an artist
 * never seen with the (known or predicted) style, or a decade outside the predicted artist's span
 * (the decades seen for that artist in training, widened by {@value JointDecoder#SPAN_MARGIN}).
 * Stateless and thread-safe.
 */
final class Consistency {
    private Consistency() {}

    /**
     * @param model the model (its joint decoder holds the co-occurrence tables)
     * @param pass the pass (visible fields)
     * @param probs final probabilities per task
     * @return per pair kind, the share of rows whose two answers contradict each other
     */
    static Map<String, Object> inconsistentShare(
            AnnotatorModel model, AnnotatorEvaluator.Pass pass, Map<String, double[][]> probs) {
        JointDecoder d = model.decoder();
        Map<String, Object> out = new LinkedHashMap<>();
        TaskEncoder decade = d.decadeTask();
        TaskEncoder century = d.centuryTask();
        TaskEncoder artist = d.artistTask();
        TaskEncoder style = d.styleTask();
        if (decade != null && century != null) {
            double[][] pd = probs.get(decade.name());
            double[][] pc = probs.get(century.name());
            int bad = 0;
            for (int r = 0; r < pd.length; r++) {
                bad += d.centuryOf(Calibration.argMax(pd[r])) != Calibration.argMax(pc[r]) ? 1 : 0;
            }
            out.put("decadeOutsideCentury", share(bad, pd.length));
        }
        if (artist != null && style != null) {
            double[][] pa = probs.get(artist.name());
            double[][] ps = probs.get(style.name());
            int bad = 0;
            for (int r = 0; r < pa.length; r++) {
                int a = Calibration.argMax(pa[r]);
                String knownStyle = pass.visible().get(artist.name()).get(r).get(style.source());
                int s = knownStyle != null ? style.vocabulary().classOf(knownStyle) : Calibration.argMax(ps[r]);
                bad += s >= 0 && !d.styleFitsArtist(a, s) ? 1 : 0;
            }
            out.put("artistNeverSeenWithStyle", share(bad, pa.length));
        }
        if (artist != null && decade != null && d.artistSpans().length > 0) {
            double[][] pa = probs.get(artist.name());
            double[][] pd = probs.get(decade.name());
            int bad = 0;
            for (int r = 0; r < pa.length; r++) {
                bad += d.decadeFitsArtist(Calibration.argMax(pa[r]), Calibration.argMax(pd[r])) ? 0 : 1;
            }
            out.put("decadeOutsideArtistSpan", share(bad, pa.length));
        }
        return out;
    }

    private static double share(int bad, int n) {
        return n == 0 ? 0 : bad / (double) n;
    }
}
