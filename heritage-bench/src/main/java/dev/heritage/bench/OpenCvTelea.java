package dev.heritage.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.heritage.api.Mask;
import dev.heritage.runtime.HeritageCache;
import java.awt.image.BufferedImage;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * OpenCV's Telea inpainting ({@code cv::inpaint(..., INPAINT_TELEA)}, OpenCV 4.10 through the
 * bytedeco presets), the reference our Java Telea is compared with. Only the benchmark module uses
 * OpenCV.
 *
 * <p>Stateless and thread-safe; the {@link Mat}s it returns belong to the caller, who closes them.
 */
public final class OpenCvTelea {
    static {
        HeritageCache.configureDjl(); // puts javacpp's native cache under Heritage's cache
    }

    private OpenCvTelea() {}

    /**
     * @param image an RGB image
     * @return a new 8-bit BGR {@link Mat} of it
     */
    public static Mat toMat(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[w * h * 3];
        for (int p = 0; p < argb.length; p++) {
            bgr[3 * p] = (byte) argb[p];
            bgr[3 * p + 1] = (byte) (argb[p] >> 8);
            bgr[3 * p + 2] = (byte) (argb[p] >> 16);
        }
        Mat m = new Mat(h, w, CV_8UC3);
        m.data().put(bgr);
        return m;
    }

    /**
     * @param mask a mask
     * @return a new 8-bit {@link Mat}, 255 where damaged
     */
    public static Mat toMat(Mask mask) {
        byte[] b = new byte[mask.width() * mask.height()];
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                b[y * mask.width() + x] = mask.isDamaged(x, y) ? (byte) 255 : 0;
            }
        }
        Mat m = new Mat(mask.height(), mask.width(), CV_8UC1);
        m.data().put(b);
        return m;
    }

    /**
     * @param bgr an 8-bit BGR {@link Mat}
     * @return it as a TYPE_INT_RGB image
     */
    public static BufferedImage toImage(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] b = new byte[w * h * 3];
        bgr.data().get(b);
        int[] argb = new int[w * h];
        for (int p = 0; p < argb.length; p++) {
            argb[p] = ((b[3 * p + 2] & 0xff) << 16) | ((b[3 * p + 1] & 0xff) << 8) | (b[3 * p] & 0xff);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /**
     * The bare native call.
     *
     * @param src 8-bit BGR image
     * @param mask 8-bit mask, non-zero where damaged
     * @param radius the neighbourhood radius
     * @return a new {@link Mat} with the result; the caller closes it
     */
    public static Mat inpaint(Mat src, Mat mask, double radius) {
        Mat dst = new Mat();
        opencv_photo.inpaint(src, mask, dst, radius, opencv_photo.INPAINT_TELEA);
        return dst;
    }

    /**
     * @param image an RGB image
     * @param mask the damaged pixels
     * @param radius the neighbourhood radius
     * @return OpenCV's Telea reconstruction, as an RGB image
     */
    public static BufferedImage inpaint(BufferedImage image, Mask mask, double radius) {
        try (Mat src = toMat(image);
                Mat m = toMat(mask);
                Mat dst = inpaint(src, m, radius)) {
            return toImage(dst);
        }
    }
}
