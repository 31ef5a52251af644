package dev.kcis.report;

import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's picture of the HTML report ({@code docs/images/html-report.png}): the kubeadm
 * sample's report in headless Chromium, FAIL chosen in the status filter and the first failing
 * control opened. {@code tools/html-report-screenshot.sh} runs it.
 */
final class HtmlReportScreenshot {

  static final int WIDTH = 1200;
  static final int HEIGHT = 1640;

  private HtmlReportScreenshot() {}

  /** The PNG, taken with a tab of {@code chromium}; the HTML is written into {@code dir}. */
  static byte[] capture(Chromium chromium, Path dir) throws IOException, InterruptedException {
    Report sample = SampleReports.kubeadm();
    // As `bin/kcis eval samples/bundles/kubeadm-control-plane.json` names its input.
    Report report = new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        sample.cluster(), List.of("samples/bundles/kubeadm-control-plane.json"),
        sample.controls(), sample.results());
    Path html = HtmlReportBenchmark.write(report, ReportOptions.defaults(),
        dir.resolve("kubeadm.html"));
    Chromium.Page page = chromium.newPage(WIDTH, HEIGHT);
    try {
      page.open(html.toUri(), Duration.ofSeconds(60));
      page.eval("document.querySelector('#f-status input[value=FAIL]').click()");
      page.eval("document.querySelector('#control-list details.control:not([hidden])').open = "
          + "true");
      page.waitFor("document.querySelector('details.control[open] tbody tr') !== null",
          Duration.ofSeconds(10));
      page.eval("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))");
      if (!page.errors().isEmpty()) {
        throw new IOException("the page logged errors: " + page.errors());
      }
      return page.screenshot();
    } finally {
      page.close();
    }
  }

  /** Usage: {@code HtmlReportScreenshot [OUT.png]} (default ../docs/images/html-report.png). */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "../docs/images/html-report.png");
    Path executable = Chromium.find().orElseThrow(() -> new IllegalStateException(
        "no Chromium: install Debian's chromium or set KCIS_CHROMIUM"));
    Path dir = Files.createTempDirectory("kcis-html-shot");
    try (Chromium chromium = Chromium.launch(executable, dir.resolve("profile"))) {
      byte[] png = capture(chromium, dir);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, png);
      System.out.println("wrote " + out + " (" + png.length / 1024 + " KB)");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
