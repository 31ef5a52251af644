package dev.kcis.report;

import dev.kcis.engine.Evidence;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The HTML report on large synthetic reports in headless Chromium: how long a page takes to load
 * and to filter. {@code bench/html-report.sh} runs it; the browser test runs one measurement with
 * generous bounds.
 *
 * <p>A synthetic report repeats the kubeadm sample's results on more and more nodes
 * ({@code node/cp-1} becomes {@code node/n-0001}...), so it keeps the sample's 131 controls, its
 * mix of statuses and its evidence.
 */
final class HtmlReportBenchmark {

  /** Search term of the measurement: a word of one node's targets and evidence only. */
  static final String SEARCH = "n-0004";

  /** One measurement, in milliseconds. */
  record Timing(double load, double ready, double statusFilter, double expandAll, double search,
      int shownAfterFilter, int shownAfterSearch) {}

  private HtmlReportBenchmark() {}

  /** The kubeadm sample's results repeated over nodes until there are {@code count}. */
  static Report synthetic(int count) {
    Report sample = SampleReports.kubeadm();
    List<Result> results = new ArrayList<>(count);
    for (int i = 0; results.size() < count; i++) {
      String node = String.format(Locale.ROOT, "n-%04d", i);
      for (Result r : sample.results()) {
        if (results.size() == count) {
          break;
        }
        Evidence evidence = r.evidence() == null ? null : new Evidence(
            rename(r.evidence().expected(), node), r.evidence().observed().stream()
                .map(o -> new Observation(o.item(), o.value(), o.source(),
                    rename(o.location(), node), o.path())).toList());
        results.add(new Result(r.control(), r.title(), r.status(), rename(r.target(), node),
            r.rule(), rename(r.message(), node), evidence, r.remediation(), r.mappings()));
      }
    }
    // The report lists results in profile order, then by target.
    List<String> order = sample.controls().stream().map(Report.ControlStatus::id).toList();
    results.sort(Comparator.comparingInt((Result r) -> order.indexOf(r.control()))
        .thenComparing(Result::target));
    return new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        sample.cluster(), sample.inputs(), sample.controls(), results);
  }

  private static String rename(String text, String node) {
    return text == null ? null : text.replace("cp-1", node);
  }

  /** Writes a report's HTML to a file. */
  static Path write(Report report, ReportOptions options, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ReportFormat.HTML.write(report, options, out);
    }
    return file;
  }

  /**
   * Opens the page in a fresh tab and measures: the load (navigation to the report's ready mark,
   * as the page measures it, and wall time as seen from here); choosing FAIL in the status filter;
   * expanding every control shown, until each has its first page of results drawn; then
   * searching {@link #SEARCH}, which redraws the open controls. Each timing runs to the next frame.
   * The tab must log no error.
   */
  static Timing measure(Chromium chromium, Path html) throws IOException, InterruptedException {
    Chromium.Page page = chromium.newPage(1280, 1000);
    try {
      long start = System.nanoTime();
      page.open(html.toUri(), Duration.ofSeconds(120));
      double wall = (System.nanoTime() - start) / 1e6;
      double ready = page.eval("performance.getEntriesByName('kcis-ready')[0].startTime")
          .asDouble();
      double filter = page.eval(timed("document.querySelector('#f-status input[value=FAIL]')"
          + ".click()", "true")).asDouble();
      int afterFilter = page.eval("+document.getElementById('result-count').dataset.results")
          .asInt();
      double expand = page.eval(timed("document.getElementById('expand-all').click()",
          "[...document.querySelectorAll('#control-list details.control')].filter(d => "
              + "!d.hidden).every(d => d.open && d.querySelector('tbody tr'))")).asDouble();
      double search = page.eval(timed("const s = document.getElementById('f-search'); "
          + "s.value = '" + SEARCH + "'; s.dispatchEvent(new Event('change'))", "true"))
          .asDouble();
      int afterSearch = page.eval("+document.getElementById('result-count').dataset.results")
          .asInt();
      if (!page.errors().isEmpty()) {
        throw new IOException("the page logged errors: " + page.errors());
      }
      return new Timing(wall, ready, filter, expand, search, afterFilter, afterSearch);
    } finally {
      page.close();
    }
  }

  /**
   * An async expression: the milliseconds from running {@code action} to the first frame drawn
   * once {@code done} holds (checked each frame).
   */
  private static String timed(String action, String done) {
    return "(async () => { const t = performance.now(); " + action + "; const frame = () => "
        + "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); await frame(); "
        + "while (!(" + done + ")) await frame(); return performance.now() - t; })()";
  }

  /**
   * Usage: {@code HtmlReportBenchmark [SIZES] [RUNS]}, e.g. {@code 10000,50000 5}: per size, the
   * file's size and writing time, then the median, minimum and maximum of each timing.
   */
  public static void main(String[] args) throws Exception {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000,50000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path executable = Chromium.find().orElseThrow(() -> new IllegalStateException(
        "no Chromium: install Debian's chromium or set KCIS_CHROMIUM"));
    Path dir = Files.createTempDirectory("kcis-html-bench");
    try (Chromium chromium = Chromium.launch(executable, dir.resolve("profile"))) {
      System.out.println("chromium: " + executable + ", " + chromium.version());
      System.out.println("| results | file | write | load (ready mark) | load (wall) "
          + "| status filter | expand all | search |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (int size : sizes) {
        Report report = synthetic(size);
        Path html = dir.resolve("report-" + size + ".html");
        write(report, ReportOptions.defaults(), html); // warm-up of the writer
        long start = System.nanoTime();
        write(report, ReportOptions.defaults(), html);
        double writeMs = (System.nanoTime() - start) / 1e6;
        measure(chromium, html); // warm-up: the first tab pays for Chromium's own start-up
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          timings.add(measure(chromium, html));
        }
        System.out.printf(Locale.ROOT, "| %d | %.1f MB | %.0f ms | %s | %s | %s | %s | %s |%n",
            size, Files.size(html) / 1e6, writeMs, stats(timings, Timing::ready),
            stats(timings, Timing::load), stats(timings, Timing::statusFilter),
            stats(timings, Timing::expandAll), stats(timings, Timing::search));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String stats(List<Timing> timings,
      java.util.function.ToDoubleFunction<Timing> field) {
    double[] v = timings.stream().mapToDouble(field).sorted().toArray();
    return String.format(Locale.ROOT, "%.0f ms (%.0f-%.0f)", v[v.length / 2], v[0],
        v[v.length - 1]);
  }
}
