package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * The HTML report in a real browser: Debian's Chromium, headless, over its DevTools protocol.
 * Pages are opened from file:// URLs and must log no error and request nothing but themselves.
 *
 * <p>Chromium is {@code $KCIS_CHROMIUM} or {@code chromium} on the PATH ({@code .ci/run} installs
 * it). Without it these tests fail when {@code CI} is set, and are skipped otherwise.
 */
class HtmlReportBrowserTest {

  /**
   * Generous bounds for the 10,000-result page on a slow shared machine, ten times or more what
   * it takes; the figures are in docs/performance.md (bench/html-report.sh).
   */
  static final double LOAD_BOUND_MS = 20_000;
  static final double FILTER_BOUND_MS = 5_000;
  static final double EXPAND_BOUND_MS = 10_000;

  @TempDir
  static Path dir;
  private static Chromium chromium;

  @BeforeAll
  static void startChromium() throws Exception {
    Path executable = Chromium.find().orElse(null);
    if (executable == null) {
      String why = "no Chromium for the HTML report's browser tests: install Debian's chromium "
          + "(apt-get install chromium) or set KCIS_CHROMIUM to its path";
      String ci = System.getenv("CI");
      if (ci != null && !ci.isEmpty()) {
        fail(why + " (CI is set, so this fails instead of skipping)");
      }
      Assumptions.abort(why);
    }
    chromium = Chromium.launch(executable, dir.resolve("profile"));
  }

  @AfterAll
  static void stopChromium() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** Writes the report's page, opens it, and checks that it loaded cleanly and offline. */
  private static Chromium.Page open(Report report, ReportOptions options, String name)
      throws Exception {
    Path html = HtmlReportBenchmark.write(report, options, dir.resolve(name + ".html"));
    Chromium.Page page = chromium.newPage(1280, 1000);
    page.open(html.toUri(), Duration.ofSeconds(60));
    assertClean(page, html);
    return page;
  }

  private static void assertClean(Chromium.Page page, Path html) {
    assertEquals(List.of(), page.errors(), "console errors");
    assertEquals(List.of(), page.dialogs(), "dialogs");
    for (String url : page.requests()) {
      assertEquals(html.toUri().toString(), url, "the page requests nothing but itself");
    }
  }

  private static int number(Chromium.Page page, String expression) throws IOException {
    return page.eval(expression).asInt(-1);
  }

  private static int shownResults(Chromium.Page page) throws IOException {
    return number(page, "+document.getElementById('result-count').dataset.results");
  }

  private static int shownControls(Chromium.Page page) throws IOException {
    return number(page, "+document.getElementById('result-count').dataset.controls");
  }

  /** Opens every control shown and waits until each has its first rows drawn. */
  private static void expandAll(Chromium.Page page) throws Exception {
    page.eval("document.getElementById('expand-all').click()");
    page.waitFor("[...document.querySelectorAll('#control-list details.control')]"
        + ".filter(d => !d.hidden).every(d => d.open && d.querySelector('tbody tr'))",
        Duration.ofSeconds(30));
  }

  /** The status text of every result row a reader can see. */
  private static List<String> visibleRowStatuses(Chromium.Page page) throws IOException {
    JsonNode rows = page.eval("[...document.querySelectorAll('#control-list tr[data-status]')]"
        + ".filter(tr => tr.checkVisibility()).map(tr => tr.cells[0].textContent)");
    List<String> statuses = new ArrayList<>();
    rows.forEach(r -> statuses.add(r.asText()));
    return statuses;
  }

  private static void search(Chromium.Page page, String text) throws Exception {
    page.eval("(() => { const s = document.getElementById('f-search'); s.value = "
        + jsString(text) + "; s.dispatchEvent(new Event('input')); })()");
    // The search runs 150 ms after the last keystroke and says what it searched.
    page.waitFor("document.getElementById('result-count').dataset.search === " + jsString(text),
        Duration.ofSeconds(5));
  }

  private static String jsString(String text) {
    StringBuilder b = new StringBuilder("'");
    for (char c : text.toCharArray()) {
      b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
    return b.append('\'').toString();
  }

  @Test
  void kubeadmReportLoadsOfflineWithItsSummaryChartsAndEveryResult() throws Exception {
    Report report = SampleReports.kubeadm();
    Chromium.Page page = open(report, ReportOptions.defaults(), "kubeadm");
    // Charts: drawn bars with content, in both figures.
    int sectionBars = number(page, "[...document.querySelectorAll('#chart-sections svg rect')]"
        + ".filter(r => r.getBoundingClientRect().width > 0).length");
    int frameworkBars = number(page, "[...document.querySelectorAll('#chart-frameworks svg rect"
        + "')].filter(r => r.getBoundingClientRect().width > 0).length");
    assertTrue(sectionBars > 0, "section chart bars: " + sectionBars);
    assertTrue(frameworkBars > 0, "framework chart bars: " + frameworkBars);
    assertTrue(number(page, "document.querySelectorAll('svg.ring circle').length") == 2,
        "the score ring");
    assertEquals(report.scores().overall().formatted(),
        page.eval("document.querySelector('svg.ring text').textContent").asText());
    // Every result and control, collapsed, with semantic headings.
    assertEquals(report.results().size(), shownResults(page));
    assertEquals(report.controls().size(), shownControls(page));
    assertEquals(0, number(page, "document.querySelectorAll('details.control[open]').length"));
    assertEquals(1, number(page, "document.querySelectorAll('h1').length"));
    assertTrue(page.eval("document.querySelector('#tab-controls').getAttribute('aria-selected')")
        .asText().equals("true"), "opens on the controls");
    page.close();
  }

  @Test
  void statusFilterLeavesOnlyThatStatusAndCountsMatchTheReport() throws Exception {
    Report report = SampleReports.kubeadm();
    Chromium.Page page = open(report, ReportOptions.defaults(), "kubeadm-filter");
    page.eval("document.querySelector('#f-status input[value=FAIL]').click()");
    int fails = report.summary().results().get(Status.FAIL);
    long failingControls = report.results().stream().filter(r -> r.status() == Status.FAIL)
        .map(Result::control).distinct().count();
    assertEquals(fails, shownResults(page));
    assertEquals(failingControls, shownControls(page));
    expandAll(page);
    List<String> rows = visibleRowStatuses(page);
    assertEquals(fails, rows.size(), rows.toString());
    assertTrue(rows.stream().allMatch("FAIL"::equals), rows.toString());
    // Two statuses at once; then clearing shows everything again.
    page.eval("document.querySelector('#f-status input[value=WARN]').click()");
    assertEquals(fails + report.summary().results().get(Status.WARN), shownResults(page));
    page.eval("document.getElementById('f-clear').click()");
    assertEquals(report.results().size(), shownResults(page));
    // Section: only the API server's controls.
    page.eval("(() => { const s = document.getElementById('f-section'); s.value = '1.2'; "
        + "s.dispatchEvent(new Event('change')); })()");
    assertEquals(report.results().stream().filter(r -> r.control().startsWith("1.2.")).count(),
        shownResults(page));
    assertClean(page, dir.resolve("kubeadm-filter.html"));
    page.close();
  }

  @Test
  void searchFindsTargetsAndEvidence() throws Exception {
    Report report = SampleReports.kubeadm();
    Chromium.Page page = open(report, ReportOptions.defaults(), "kubeadm-search");
    for (String query : List.of("super-admin.conf", "/var/lib/etcd owner", "ARGS[3]")) {
      search(page, query);
      long expected = report.results().stream()
          .filter(r -> HtmlReportTest.matches(report, r, query)).count();
      assertTrue(expected > 0, query);
      assertEquals(expected, shownResults(page), query);
    }
    search(page, "super-admin.conf");
    expandAll(page);
    JsonNode targets = page.eval("[...document.querySelectorAll('#control-list td.target')]"
        + ".filter(td => td.checkVisibility()).map(td => td.textContent)");
    assertTrue(targets.toString().contains("node/cp-1:/etc/kubernetes/super-admin.conf"),
        targets.toString());
    search(page, "no such thing anywhere");
    assertEquals(0, shownResults(page));
    assertTrue(page.eval("document.getElementById('no-match').checkVisibility()").asBoolean());
    assertClean(page, dir.resolve("kubeadm-search.html"));
    page.close();
  }

  @Test
  void frameworkViewListsRequirementsAndFiltersControlsByRequirement() throws Exception {
    Report report = SampleReports.kubeadm();
    Chromium.Page page = open(report, ReportOptions.defaults(), "kubeadm-frameworks");
    page.eval("document.getElementById('tab-frameworks').click()");
    FrameworkView nist = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of());
    assertEquals(nist.requirements().size(), number(page,
        "document.querySelectorAll('#framework-view tbody tr').length"));
    for (Framework f : List.of(Framework.SOC2, Framework.PCI_DSS_4_0)) {
      page.eval("document.querySelector('button[data-framework=\"" + f.id() + "\"]').click()");
      FrameworkView view = FrameworkView.of(report, f, Set.of());
      assertEquals(view.requirements().size(), number(page,
          "document.querySelectorAll('#framework-view tbody tr').length"), f.id());
      FrameworkView.Requirement first = view.requirements().get(0);
      assertEquals(first.status().name(), page.eval("document.querySelector('#framework-view "
          + "tbody tr').cells[0].textContent").asText());
    }
    // "Show these controls" of AC-3: the controls tab, filtered to the controls mapped to it.
    page.eval("document.querySelector('button[data-framework=\"nist-800-53-r5\"]').click()");
    int row = nist.requirements().stream().map(FrameworkView.Requirement::id).toList()
        .indexOf("AC-3");
    page.eval("document.querySelectorAll('#framework-view tbody tr')[" + row
        + "].querySelector('button').click()");
    FrameworkView.Requirement ac3 = nist.requirements().get(row);
    Set<String> mapped = new java.util.HashSet<>(ac3.controls().stream()
        .map(FrameworkView.MappedControl::control).toList());
    assertEquals(mapped.size(), shownControls(page));
    assertEquals(report.results().stream().filter(r -> mapped.contains(r.control())).count(),
        shownResults(page));
    assertEquals("true", page.eval("document.getElementById('tab-controls')"
        + ".getAttribute('aria-selected')").asText());
    assertEquals("AC-3", page.eval("document.getElementById('f-requirement').value").asText());
    assertClean(page, dir.resolve("kubeadm-frameworks.html"));
    page.close();
  }

  @Test
  void frameworkOptionOpensOnThatFramework() throws Exception {
    Chromium.Page page = open(SampleReports.kubeadm(), ReportOptions.builder()
        .framework(Framework.PCI_DSS_4_0).build(), "kubeadm-pci");
    assertEquals("true", page.eval("document.getElementById('tab-frameworks')"
        + ".getAttribute('aria-selected')").asText());
    assertTrue(page.eval("document.getElementById('panel-frameworks').checkVisibility()")
        .asBoolean());
    assertEquals("true", page.eval("document.querySelector('button[data-framework="
        + "\"pci-dss-4.0\"]').getAttribute('aria-pressed')").asText());
    assertEquals("PCI DSS v4.0", page.eval("document.querySelector('#framework-view h3')"
        + ".textContent").asText());
    page.close();
  }

  @Test
  void statusOptionEmbedsOnlyThoseResults() throws Exception {
    Report report = SampleReports.kubeadm();
    Chromium.Page page = open(report, ReportOptions.builder()
        .statuses(Set.of(Status.FAIL, Status.INCONCLUSIVE)).build(), "kubeadm-fail");
    assertEquals(report.summary().results().get(Status.FAIL)
        + report.summary().results().get(Status.INCONCLUSIVE), shownResults(page));
    JsonNode boxes = page.eval("[...document.querySelectorAll('#f-status input')]"
        + ".map(b => b.value)");
    assertEquals("[\"FAIL\",\"INCONCLUSIVE\"]", boxes.toString());
    page.close();
  }

  @Test
  void hardenedAndManifestReportsShowEveryResult() throws Exception {
    for (var sample : List.of(List.of("hardened", SampleReports.hardened()),
        List.of("manifests", SampleReports.manifests()))) {
      String name = (String) sample.get(0);
      Report report = (Report) sample.get(1);
      Chromium.Page page = open(report, ReportOptions.defaults(), name);
      assertEquals(report.results().size(), shownResults(page), name);
      assertTrue(number(page, "document.querySelectorAll('figure.chart svg rect').length") > 0,
          name);
      page.close();
    }
    // The manifests' objects are found by name and by file:line.
    Report manifests = SampleReports.manifests();
    Result binding = manifests.results().stream()
        .filter(r -> r.status() == Status.FAIL && r.target().startsWith("ClusterRoleBinding/"))
        .findFirst().orElseThrow();
    Chromium.Page page = open(manifests, ReportOptions.defaults(), "manifests-search");
    search(page, binding.target());
    assertEquals(manifests.results().stream()
        .filter(r -> HtmlReportTest.matches(manifests, r, binding.target())).count(),
        shownResults(page));
    String location = binding.evidence().observed().stream().map(o -> o.location())
        .filter(l -> l != null && l.matches(".*\\.yaml:\\d+")).findFirst().orElseThrow();
    search(page, location);
    assertTrue(shownResults(page) > 0, location);
    page.close();
  }

  @Test
  void hostileEvidenceIsShownAsTextAndRunsNothing() throws Exception {
    Report report = HtmlReportTest.hostile();
    Chromium.Page page = open(report, ReportOptions.defaults(), "hostile");
    search(page, "onerror");
    assertEquals(1, shownResults(page));
    expandAll(page);
    JsonNode row = page.eval("(() => { const tr = [...document.querySelectorAll("
        + "'#control-list tr[data-status]')].find(tr => tr.checkVisibility()); return "
        + "[tr.cells[1].textContent, tr.querySelector('.obs code:nth-of-type(2)').textContent]; "
        + "})()");
    assertEquals(HtmlReportTest.HOSTILE_TARGET, row.get(0).asText());
    assertEquals(HtmlReportTest.HOSTILE_VALUE, row.get(1).asText());
    assertEquals(0, number(page, "document.querySelectorAll('img, iframe, object, embed, "
        + "#control-list script, #control-list svg').length"));
    assertEquals("<b>evil</b>", page.eval("document.querySelector('.facts dd').textContent")
        .asText());
    assertClean(page, dir.resolve("hostile.html"));
    page.close();
  }

  @Test
  void resultsOfAControlTheProfileDoesNotListAreStillShown() throws Exception {
    Report sample = SampleReports.kubeadm();
    List<Result> results = new ArrayList<>(sample.results());
    results.add(new Result("9.9.9", "A control of another profile", Status.WARN, "cluster",
        null, "kept, not dropped", null, null, List.of()));
    Report report = new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        sample.cluster(), sample.inputs(), sample.controls(), results);
    Chromium.Page page = open(report, ReportOptions.defaults(), "unlisted");
    assertEquals(results.size(), shownResults(page));
    assertEquals(sample.controls().size() + 1, shownControls(page));
    assertEquals("WARN 9.9.9", page.eval("(() => { const d = document.querySelector("
        + "'details[data-control=\"9.9.9\"]'); return d.querySelector('.badge').textContent + "
        + "' ' + d.querySelector('.cid').textContent; })()").asText());
    page.close();
  }

  @Test
  void contentSecurityPolicyBlocksAnyOtherScriptAndHtmlSinks() throws Exception {
    // Were a value ever to reach the markup, the policy would still stop it: inject one.
    Path html = HtmlReportBenchmark.write(SampleReports.kubeadm(), ReportOptions.defaults(),
        dir.resolve("injected.html"));
    Files.writeString(html, Files.readString(html).replace("</footer>",
        "<script>document.title = 'injected'</script><img src=\"https://example.invalid/x.png\">"
            + "</footer>"));
    Chromium.Page page = chromium.newPage(1280, 1000);
    page.open(html.toUri(), Duration.ofSeconds(60));
    assertFalse(page.eval("document.title").asText().equals("injected"), "the injected script ran");
    assertTrue(page.errors().stream().anyMatch(e -> e.contains("Content Security Policy")),
        page.errors().toString());
    for (int i = 0; i < 100 && page.blocked().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertEquals(java.util.Map.of("https://example.invalid/x.png", "csp"), page.blocked());
    // Trusted Types: a string given to an HTML sink throws instead of being parsed.
    JsonNode sink = page.eval("(() => { try { document.body.innerHTML = '<b>x</b>'; "
        + "return 'parsed'; } catch (e) { return e.name; } })()");
    assertEquals("TypeError", sink.asText());
    page.close();
  }

  @Test
  void tenThousandResultsLoadAndFilterWithinGenerousBounds() throws Exception {
    Report report = HtmlReportBenchmark.synthetic(10_000);
    assertEquals(10_000, report.results().size());
    Path html = HtmlReportBenchmark.write(report, ReportOptions.defaults(),
        dir.resolve("ten-thousand.html"));
    HtmlReportBenchmark.Timing t = HtmlReportBenchmark.measure(chromium, html);
    long fails = report.results().stream().filter(r -> r.status() == Status.FAIL).count();
    long found = report.results().stream().filter(r -> r.status() == Status.FAIL
        && HtmlReportTest.matches(report, r, HtmlReportBenchmark.SEARCH)).count();
    assertEquals(fails, t.shownAfterFilter());
    assertEquals(found, t.shownAfterSearch());
    assertTrue(found > 0);
    String figures = String.format(Locale.ROOT, "10,000 results, %.1f MB: ready %.0f ms "
        + "(wall %.0f ms), FAIL filter %.0f ms, expand all %.0f ms, search %.0f ms",
        Files.size(html) / 1e6, t.ready(), t.load(), t.statusFilter(), t.expandAll(),
        t.search());
    System.out.println("HTML report: " + figures);
    assertTrue(t.ready() < LOAD_BOUND_MS && t.load() < LOAD_BOUND_MS, figures);
    assertTrue(t.statusFilter() < FILTER_BOUND_MS && t.search() < FILTER_BOUND_MS, figures);
    assertTrue(t.expandAll() < EXPAND_BOUND_MS, figures);
  }

  @Test
  void screenshotIsASmallPng() throws Exception {
    byte[] png = HtmlReportScreenshot.capture(chromium, dir);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    assertTrue(png.length < 300 * 1024, png.length + " bytes");
    Path out = Path.of("target", "html-report.png");
    Files.write(out, png);
    assertFalse(Files.size(out) == 0);
  }
}
