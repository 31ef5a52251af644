package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.engine.Evidence;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML report's markup and embedded data, read as text (the browser tests run the page). */
class HtmlReportTest {

  /** Hostile evidence: it closes script elements, opens comments, carries line separators. */
  static final String HOSTILE_TARGET = "Pod/x/</script><script>alert(1)</script><!--\u2028";
  static final String HOSTILE_VALUE = "<img src=x onerror=alert(2)>\u2029&amp;'\"";
  static final String HOSTILE_MESSAGE = "</SCRIPT ><svg onload=alert(3)> \u0000\ud800 done";

  private static final ObjectMapper JSON = new ObjectMapper();

  static String html(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.HTML.write(report, options, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The text of the embedded JSON data block. */
  static String dataBlock(String html) {
    String open = "<script type=\"application/json\" id=\"kcis-data\">";
    int start = html.indexOf(open) + open.length();
    return html.substring(start, html.indexOf("</script>", start));
  }

  static JsonNode data(String html) throws Exception {
    return JSON.readTree(dataBlock(html));
  }

  /** The kubeadm sample with one more result whose evidence is hostile. */
  static Report hostile() {
    Report sample = SampleReports.kubeadm();
    Result first = sample.resultsOf("5.2.2").get(0);
    List<Result> results = new ArrayList<>(sample.results());
    results.add(new Result("5.2.2", first.title(), Status.FAIL, HOSTILE_TARGET, first.rule(),
        HOSTILE_MESSAGE, new Evidence("<b>not</b> privileged", List.of(new Observation(
            "securityContext.privileged", HOSTILE_VALUE, "api-object", "</script>.yaml:3",
            "spec.containers[0]"))), first.remediation(), first.mappings()));
    return new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        new Report.ClusterInfo("<b>evil</b>", "v1.31<script>", null),
        List.of("</script><script>alert(4)</script>.json"), sample.controls(), results);
  }

  @Test
  void formatIsHtmlWithItsFileName() {
    assertEquals(ReportFormat.HTML, ReportFormat.byId("html"));
    assertEquals("kcis-report.html", ReportFormat.HTML.fileName());
  }

  @Test
  void hostileEvidenceCannotLeaveItsScriptBlockAndRoundTrips() throws Exception {
    String html = html(hostile(), ReportOptions.defaults());
    Matcher scripts = Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(html);
    assertEquals(2, scripts.results().count(), "the data block and the page's script only");
    String block = dataBlock(html);
    for (String forbidden : List.of("<", ">", "&", "\u2028", "\u2029")) {
      assertFalse(block.contains(forbidden), "raw " + forbidden + " in the data block");
    }
    assertTrue(block.chars().allMatch(c -> c < 0x80), "the data block is ASCII");
    JsonNode data = JSON.readTree(block);
    JsonNode last = data.get("results").get(data.get("results").size() - 1);
    assertEquals(HOSTILE_TARGET, last.get("target").asText());
    assertEquals(HOSTILE_VALUE, last.get("observed").get(0).get("value").asText());
    assertEquals("</script>.yaml:3", last.get("observed").get(0).get("location").asText());
    assertEquals(HOSTILE_MESSAGE.replace("\ud800", "\ufffd"),
        last.get("message").asText().replace("\ud800", "\ufffd"));
    // In markup: escaped, never raw.
    assertTrue(html.contains("<dd>&lt;b&gt;evil&lt;/b&gt;</dd>"), html.substring(0, 3000));
    assertFalse(html.contains("<b>evil</b>"));
    assertFalse(html.contains("alert(4)</script>"));
    assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(4)"));
  }

  @Test
  void markupEscapesTextAndReplacesWhatHtmlCannotCarry() throws Exception {
    Report sample = SampleReports.kubeadm();
    Report report = new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        new Report.ClusterInfo("<a href=\"x\" title='y'>&amp;", "a\u0000b\uD800c\uD83D\uDE00",
            null), sample.inputs(), sample.controls(), sample.results());
    String html = html(report, ReportOptions.defaults());
    assertTrue(html.contains("<dd>&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;</dd>"));
    assertTrue(html.contains("<dd>a\uFFFDb\uFFFDc\uD83D\uDE00</dd>"));
  }

  @Test
  void contentSecurityPolicyAllowsOnlyThisPagesScriptAndStyle() throws Exception {
    String html = html(SampleReports.kubeadm(), ReportOptions.defaults());
    Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)"
        + "\">").matcher(html);
    assertTrue(csp.find(), "a CSP meta element");
    assertTrue(csp.start() < html.indexOf("<style>"), "the policy comes before the style");
    String policy = csp.group(1);
    assertTrue(policy.startsWith("default-src 'none'; "), policy);
    assertTrue(policy.contains("require-trusted-types-for 'script'"), policy);
    assertFalse(policy.contains("unsafe"), policy);
    assertFalse(policy.contains("http"), policy);
    String script = between(html, "</script>\n<script>", "</script>\n</body>");
    String style = between(html, "<style>", "</style>");
    assertTrue(policy.contains("script-src '" + sha256(script) + "'"), policy);
    assertTrue(policy.contains("style-src '" + sha256(style) + "'"), policy);
    assertFalse(Pattern.compile("<(link|img|iframe|object|embed)\\b").matcher(html).find());
    assertFalse(Pattern.compile("\\s(src|style|on[a-z]+)=").matcher(html).find(),
        "no sources, inline styles or handlers in the markup");
  }

  @Test
  void scriptInsertsDataAsTextOnly() throws Exception {
    String script;
    try (InputStream in = ReportFormat.class.getResourceAsStream(
        "/dev/kcis/report/internal/html-report.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
        "eval(", "new Function", "srcdoc", ".href", "setTimeout('", "DOMParser")) {
      assertFalse(script.contains(sink), sink + " in html-report.js");
    }
  }

  @Test
  void summaryShowsScoreCountsAndACharPerSectionAndFramework() throws Exception {
    Report report = SampleReports.kubeadm();
    String html = html(report, ReportOptions.defaults());
    assertTrue(html.contains("<strong>" + report.scores().overall().formatted() + "</strong>: "
        + report.scores().overall().passed() + " of " + report.scores().overall().decided()
        + " decided controls pass"), "overall score");
    String sections = between(html, "id=\"chart-sections\"", "</figure>");
    long tops = report.summary().sections().stream().filter(s -> !s.id().contains(".")).count();
    assertEquals(tops, Pattern.compile("class=\"bar-row\"").matcher(sections).results().count());
    assertTrue(sections.contains("<rect class=\"s-FAIL\""), sections);
    assertTrue(sections.contains("18 FAIL"), "counts as text beside the colours");
    String frameworks = between(html, "id=\"chart-frameworks\"", "</figure>");
    for (Framework f : List.of(Framework.NIST_800_53_R5, Framework.SOC2,
        Framework.PCI_DSS_4_0)) {
      assertTrue(frameworks.contains(f.displayName()), f.displayName());
      assertTrue(frameworks.contains("score " + report.scores().frameworks().get(f).formatted()),
          f.displayName());
    }
    String fails = between(html, "<tr data-status=\"FAIL\">", "</tr>");
    assertTrue(fails.endsWith("<td>" + report.summary().controls().get(Status.FAIL) + "</td><td>"
        + report.summary().results().get(Status.FAIL) + "</td>"), fails);
  }

  @Test
  void everyResultIsEmbeddedWithItsRemediationAndMappings() throws Exception {
    Report sample = SampleReports.kubeadm();
    // One result whose remediation and mappings differ from the rest of its rule's.
    Result first = sample.resultsOf("1.2.1").get(0);
    List<Result> results = new ArrayList<>(sample.results());
    results.add(results.indexOf(first) + 1, new Result(first.control(), first.title(),
        Status.FAIL, "node/cp-2/kube-apiserver", first.rule(), first.message(),
        first.evidence(), "a remediation of its own", List.of(new Mapping(Mapping.SOC2, "CC6.1",
            "Logical access", "derived", "a basis of its own"))));
    Report report = new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        sample.cluster(), sample.inputs(), sample.controls(), results);
    JsonNode data = data(html(report, ReportOptions.defaults()));
    assertEquals(report.results().size(), data.get("results").size());
    for (int i = 0; i < report.results().size(); i++) {
      Result r = report.results().get(i);
      JsonNode j = data.get("results").get(i);
      assertEquals(r.target(), j.get("target").asText());
      assertEquals(r.status().name(), j.get("status").asText());
      JsonNode rule = data.get("rules").path(r.rule());
      JsonNode remediation = j.has("remediation") ? j.get("remediation")
          : rule.get("remediation");
      assertEquals(r.remediation(), remediation.isNull() ? null : remediation.asText(),
          r.target());
      JsonNode mappings = j.has("mappings") ? j.get("mappings") : rule.get("mappings");
      assertEquals(r.mappings().size(), mappings.size(), r.control() + " " + r.target());
      for (int m = 0; m < r.mappings().size(); m++) {
        assertEquals(r.mappings().get(m).id(), mappings.get(m).get("id").asText());
        assertEquals(r.mappings().get(m).provenance(),
            mappings.get(m).get("provenance").asText());
      }
      assertEquals(r.evidence() == null ? 0 : r.evidence().observed().size(),
          j.get("observed").size());
    }
  }

  @Test
  void statusOptionFiltersTheResultsButNotTheSummary() throws Exception {
    Report report = SampleReports.kubeadm();
    String html = html(report, ReportOptions.builder().statuses(Set.of(Status.FAIL)).build());
    JsonNode data = data(html);
    int fails = report.summary().results().get(Status.FAIL);
    assertEquals(fails, data.get("results").size());
    data.get("results").forEach(r -> assertEquals("FAIL", r.get("status").asText()));
    assertEquals(List.of("FAIL"), JSON.convertValue(data.get("shown"), List.class));
    assertTrue(html.contains("This report lists only FAIL results"), "says so");
    String total = between(html, "<tr class=\"total\">", "</tr>");
    assertTrue(total.endsWith("<td>" + report.results().size() + "</td>"), total);
  }

  @Test
  void frameworkAndProvenanceOptionsShapeTheFrameworkViews() throws Exception {
    Report report = SampleReports.kubeadm();
    JsonNode data = data(html(report, ReportOptions.builder().framework(Framework.SOC2)
        .provenances(Set.of("sourced")).build()));
    assertEquals("soc2", data.get("framework").asText());
    for (JsonNode f : data.get("frameworks")) {
      Framework framework = Framework.byId(f.get("id").asText());
      FrameworkView view = FrameworkView.of(report, framework, Set.of("sourced"));
      assertEquals(view.requirements().size(), f.get("requirements").size(), framework.id());
      assertEquals(view.score().formatted(), f.get("score").asText());
      f.get("requirements").forEach(r -> r.get("controls").forEach(c ->
          assertEquals("sourced", c.get("provenance").asText())));
    }
    JsonNode all = data(html(report, ReportOptions.defaults()));
    assertTrue(all.get("framework").isNull());
    List<String> ids = new ArrayList<>();
    all.get("frameworks").forEach(f -> ids.add(f.get("id").asText()));
    assertTrue(ids.containsAll(List.of("nist-800-53-r5", "soc2", "pci-dss-4.0")), ids.toString());
  }

  @Test
  void statusColoursKeepWhiteTextLegible() throws Exception {
    String css;
    try (InputStream in = ReportFormat.class.getResourceAsStream(
        "/dev/kcis/report/internal/html-report.css")) {
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Status status : Status.values()) {
      Matcher colour = Pattern.compile("--" + status.name() + ": #([0-9a-f]{6});").matcher(css);
      assertTrue(colour.find(), status.name());
      int rgb = Integer.parseInt(colour.group(1), 16);
      double luminance = 0.2126 * linear(rgb >> 16) + 0.7152 * linear((rgb >> 8) & 0xff)
          + 0.0722 * linear(rgb & 0xff);
      double contrast = 1.05 / (luminance + 0.05);
      assertTrue(contrast >= 4.5, status + " on white text: " + contrast);
    }
  }

  /** WCAG 2 relative luminance of one sRGB channel. */
  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "no " + start);
    from += start.length();
    int to = text.indexOf(end, from);
    assertTrue(to >= 0, "no " + end + " after " + start);
    return text.substring(from, to);
  }

  static String sha256(String text) throws Exception {
    return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The page's search: every word in the control's id, title, section or rules, or the result. */
  static boolean matches(Report report, Result r, String query) {
    Report.ControlStatus c = report.controls().stream()
        .filter(x -> x.id().equals(r.control())).findFirst().orElseThrow();
    List<String> rules = report.resultsOf(r.control()).stream().map(Result::rule)
        .filter(x -> x != null).distinct().toList();
    String control = (c.id() + "\n" + c.title() + "\n" + c.section() + "\n"
        + String.join("\n", rules)).toLowerCase(Locale.ROOT);
    List<String> parts = new ArrayList<>(java.util.Arrays.asList(r.target(), r.message(),
        r.rule(), r.status().name(), r.evidence() == null ? null : r.evidence().expected()));
    if (r.evidence() != null) {
      for (Observation o : r.evidence().observed()) {
        parts.addAll(java.util.Arrays.asList(o.item(), o.value(), o.source(), o.location(),
            o.path()));
      }
    }
    String text = String.join("\n", parts.stream().filter(p -> p != null && !p.isEmpty())
        .toList()).toLowerCase(Locale.ROOT);
    for (String word : query.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (!word.isEmpty() && !control.contains(word) && !text.contains(word)) {
        return false;
      }
    }
    return true;
  }
}
