import java.awt.*; import java.awt.image.*; import javax.imageio.*; import java.io.*; import java.nio.file.*;
/**
 * Research (docs/STATUS.md, "Photographs of real paintings"): does a mat or margin round a painting
 * hurt the annotator, and does trimming flat borders before answering help? For every row of a CSV
 * (id, image, style) it writes three copies and a CSV for each under the output folder:
 * {@code bordered} (a light mat of 12 % of each side and a 3-px dark line round the picture),
 * {@code bordered-trimmed} (the same after the trim) and {@code trimmed} (the original after the trim),
 * for {@code heritage evaluate}. The trim walks in from each side while a whole row or column is flat
 * (standard deviation of its luminance at most 8), at most 30 % per side, and keeps a pair of opposite
 * sides' trims only when both sides trim at least 3 %, as a mat or a scanner margin does.
 *
 * <pre>java scripts/MatAndTrim.java ROWS.csv OUTPUT_DIR</pre>
 */
public class MatAndTrim {
  static double[] lineStats(BufferedImage im, boolean row, int k) {
    int n = row ? im.getWidth() : im.getHeight(); double s=0, s2=0;
    for (int i=0;i<n;i++){ int p = row ? im.getRGB(i,k) : im.getRGB(k,i); double y=0.299*((p>>16)&255)+0.587*((p>>8)&255)+0.114*(p&255); s+=y; s2+=y*y; }
    double m=s/n; return new double[]{m, Math.sqrt(Math.max(0,s2/n-m*m))};
  }
  static BufferedImage trim(BufferedImage im) {
    int w=im.getWidth(), h=im.getHeight(); int top=0,bottom=h-1,left=0,right=w-1; double T=8;
    while (top < h*0.3 && lineStats(im,true,top)[1] <= T) top++;
    while (bottom > h*0.7 && lineStats(im,true,bottom)[1] <= T) bottom--;
    while (left < w*0.3 && lineStats(im,false,left)[1] <= T) left++;
    while (right > w*0.7 && lineStats(im,false,right)[1] <= T) right--;
    // a mat or scanner margin runs round the picture: trim a pair of opposite sides only when both have one
    if (top < 0.03*h || (h-1-bottom) < 0.03*h) { top=0; bottom=h-1; }
    if (left < 0.03*w || (w-1-right) < 0.03*w) { left=0; right=w-1; }
    int nw=right-left+1, nh=bottom-top+1;
    if ((double) nw*nh >= 0.98*w*h) return im;
    return im.getSubimage(left, top, nw, nh);
  }
  static BufferedImage mat(BufferedImage im) {
    int w=im.getWidth(), h=im.getHeight(); int bx=(int)(0.12*w), by=(int)(0.12*h);
    BufferedImage o=new BufferedImage(w+2*bx, h+2*by, BufferedImage.TYPE_INT_RGB); Graphics2D g=o.createGraphics();
    g.setColor(new Color(238,236,228)); g.fillRect(0,0,o.getWidth(),o.getHeight());
    g.setColor(new Color(40,35,30)); g.fillRect(bx-3,by-3,w+6,h+6); g.drawImage(im,bx,by,null); g.dispose(); return o;
  }
  public static void main(String[] a) throws Exception {
    // ROWS.csv: id,image,style with absolute image paths and no quoted commas
    java.util.List<String> lines=Files.readAllLines(Path.of(a[0])); Path out=Path.of(a[1]); Files.createDirectories(out);
    String[] names={"bordered","bordered-trimmed","trimmed"}; PrintWriter[] w=new PrintWriter[3];
    for(int i=0;i<3;i++){ w[i]=new PrintWriter(out.resolve(names[i]+".csv").toFile()); w[i].println("id,image,style"); Files.createDirectories(out.resolve(names[i])); }
    int trimmedOriginal=0, n=0;
    for (String l: lines.subList(1,lines.size())) { String[] c=l.split(",",-1); // id,image,...,style at index 2
      BufferedImage s=ImageIO.read(new File(c[1])); String style=c[2]; n++;
      BufferedImage b=mat(s), bt=trim(b), t=trim(s); if (t!=s) trimmedOriginal++;
      BufferedImage[] im={b,bt,t};
      for(int i=0;i<3;i++){ File f=out.resolve(names[i]).resolve(c[0]+".png").toFile(); ImageIO.write(im[i],"png",f); w[i].println(c[0]+","+f.getAbsolutePath()+","+style); } }
    for (PrintWriter p: w) p.close();
    System.out.println(n+" images; original images the trim changed: "+trimmedOriginal);
  }
}
