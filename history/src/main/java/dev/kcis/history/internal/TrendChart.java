package dev.kcis.history.internal;

import dev.kcis.history.TrendPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A trend as one self-contained HTML page: an SVG line of the passing share over the runs (no
 * script, no network), and a table of the runs with what failed.
 */
public final class TrendChart {

  private static final int WIDTH = 800;
  private static final int HEIGHT = 260;
  private static final int PAD = 40;

  private TrendChart() {}

  public static void write(String title, List<TrendPoint> points, OutputStream out)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + esc(title) + "</title>\n<style>\nbody { font: 15px/1.45 system-ui, sans-serif; "
        + "margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }\n"
        + "table { border-collapse: collapse; width: 100%; }\n"
        + "th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; "
        + "vertical-align: top; }\n.axis { stroke: #8c959f; } .line { stroke: #1a7f37; "
        + "fill: none; stroke-width: 2; } .dot { fill: #1a7f37; } text { font-size: 11px; "
        + "fill: #57606a; }\n</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n");
    w.write(svg(points));
    w.write("<table><thead><tr><th>Run</th><th>Generated</th><th>Benchmark</th>"
        + "<th>Score</th><th>Passed</th><th>Failed</th><th>Inconclusive</th><th>Failing</th>"
        + "</tr></thead><tbody>\n");
    for (TrendPoint p : points) {
      w.write("<tr><td>" + p.runId() + "</td><td>" + p.generatedAt() + "</td><td>"
          + esc(p.benchmark()) + "</td><td>" + (p.percent() == null ? "n/a"
          : String.format(Locale.ROOT, "%.1f%%", p.percent())) + "</td><td>" + p.passed()
          + "</td><td>" + p.failed() + "</td><td>" + p.inconclusive() + "</td><td>"
          + esc((p.status() == null ? "" : p.status().name() + ": ")
              + String.join(", ", p.failing())) + "</td></tr>\n");
    }
    w.write("</tbody></table>\n</body>\n</html>\n");
    w.flush();
  }

  /**
   * The passing share per run as an SVG line, styled with presentation attributes only, so that
   * it also draws under the HTML report's Content-Security-Policy.
   */
  public static String svg(List<TrendPoint> points) {
    StringBuilder w = new StringBuilder();
    w.append("<svg role=\"img\" aria-label=\"passing share per run\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\" "
        + "font-family=\"system-ui, sans-serif\" font-size=\"11\">\n");
    int plotW = WIDTH - 2 * PAD;
    int plotH = HEIGHT - 2 * PAD;
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = PAD + plotH * (1 - pct / 100.0);
      w.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
          + "stroke=\"#8c959f\" stroke-dasharray=\"2 3\"/><text x=\"4\" y=\"%.1f\" "
          + "fill=\"#57606a\">%d%%</text>\n", PAD, WIDTH - PAD, y, y, y + 4, pct));
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      TrendPoint p = points.get(i);
      double x = PAD + (points.size() == 1 ? plotW / 2.0 : plotW * i / (points.size() - 1.0));
      String label = p.runId() == 0 ? "now" : String.valueOf(p.runId());
      w.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
          + "fill=\"#57606a\">%s</text>\n", x, HEIGHT - PAD + 16, label));
      if (p.percent() == null) {
        continue;
      }
      double y = PAD + plotH * (1 - p.percent() / 100.0);
      line.append(line.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT,
          "%.1f %.1f", x, y));
      w.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
          + "fill=\"#1a7f37\"><title>run %s, %s: %.1f%%, %d failing</title></circle>\n", x, y,
          label, p.generatedAt(), p.percent(), p.failed()));
    }
    if (line.length() > 0) {
      w.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#1a7f37\" "
          + "stroke-width=\"2\"/>\n");
    }
    return w.append("</svg>\n").toString();
  }

  /** The trend as a section of the HTML report: a heading, the line, and what it covers. */
  public static String section(String cluster, List<TrendPoint> points) {
    return "<section class=\"card\" id=\"trend\" aria-labelledby=\"trend-title\">\n"
        + "<h2 id=\"trend-title\">Trend: " + esc(cluster == null ? "this cluster" : cluster)
        + ", " + points.size() + " run" + (points.size() == 1 ? "" : "s") + "</h2>\n"
        + svg(points) + "<p class=\"fine\">The share of decided controls that pass, per run "
        + "stored in the history (kcis history trend); \"now\" is this report.</p>\n"
        + "</section>\n";
  }

  private static String esc(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
