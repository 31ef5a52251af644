package dev.kcis.report.internal;

import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.RuleTests;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the format CI servers show in their test tabs: suites of test cases, each passed,
 * failed, in error or skipped. One writer serves both {@code kcis rules test} (a suite per rule, a
 * case per test case) and evaluation reports (a suite per section, a case per control and target).
 */
public final class JUnitXml {

  /** How a test case ended. */
  enum Outcome { PASSED, FAILURE, ERROR, SKIPPED }

  /** One test case: its outcome, a one-line message and the detail. */
  record TestCase(String classname, String name, String file, Outcome outcome, String type,
      String message, String detail) {}

  /** A named suite of test cases. */
  record Suite(String name, List<TestCase> cases) {}

  private JUnitXml() {}

  /** Rule test outcomes: one suite per rule, one test case per case. */
  public static void writeRuleTests(List<RuleTests.Outcome> outcomes, double seconds,
      OutputStream out) throws IOException {
    Map<String, List<TestCase>> byRule = new LinkedHashMap<>();
    for (RuleTests.Outcome o : outcomes) {
      String detail = null;
      if (!o.passed()) {
        StringBuilder d = new StringBuilder("expected:\n");
        o.testCase().expected().forEach(e -> d.append("  ").append(e).append('\n'));
        d.append("actual:\n");
        o.actual().forEach(r -> d.append("  ").append(r.status()).append(' ').append(r.target())
            .append('\n'));
        detail = d.toString();
      }
      byRule.computeIfAbsent(o.testCase().rule(), k -> new ArrayList<>()).add(new TestCase(
          o.testCase().rule(), o.testCase().name(), o.testCase().file(),
          o.passed() ? Outcome.PASSED : Outcome.FAILURE, null, String.join("; ", o.problems()),
          detail));
    }
    List<Suite> suites = new ArrayList<>();
    byRule.forEach((rule, cases) -> suites.add(new Suite(rule, cases)));
    write("kcis rules test", suites, seconds, out);
  }

  /**
   * A report: one suite per section, one test case per control and target. FAIL and WARN are
   * failures (their type says which), INCONCLUSIVE an error, MANUAL, NOT_APPLICABLE and WAIVED
   * skipped with the reason (a waived result's: who accepted it, until when and why).
   */
  public static void writeReport(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    Map<String, String> titles = new LinkedHashMap<>();
    report.controls().forEach(c -> titles.put(c.id(), c.title()));
    Map<String, String> sectionOf = new LinkedHashMap<>();
    report.controls().forEach(c -> sectionOf.put(c.id(), c.section()));
    Map<String, List<TestCase>> bySection = new LinkedHashMap<>();
    for (Report.ControlStatus control : report.controls()) {
      bySection.putIfAbsent(control.section(), new ArrayList<>());
    }
    for (Result r : report.results()) {
      if (!options.shows(r.status())) {
        continue;
      }
      Outcome outcome = switch (r.status()) {
        case PASS -> Outcome.PASSED;
        case FAIL, WARN -> Outcome.FAILURE;
        case INCONCLUSIVE -> Outcome.ERROR;
        default -> Outcome.SKIPPED;
      };
      String classname = r.control() + " " + titles.getOrDefault(r.control(), "");
      bySection.get(sectionOf.get(r.control())).add(new TestCase(classname.strip(), r.target(),
          fileOf(r), outcome, r.status().name(), message(r), detail(r)));
    }
    List<Suite> suites = new ArrayList<>();
    bySection.forEach((section, cases) -> {
      String title = report.profile().sections().get(section);
      suites.add(new Suite(title == null ? section : section + " " + title, cases));
    });
    if (!report.waivers().isEmpty()) {
      // One case per waiver: an expired or unused one is skipped with what became of it.
      List<TestCase> cases = new ArrayList<>();
      for (Report.WaiverUse use : report.waivers()) {
        boolean applied = use.state() == Report.WaiverUse.State.APPLIED;
        cases.add(new TestCase("waiver " + use.waiver().source(), use.waiver().describe(), null,
            applied ? Outcome.PASSED : Outcome.SKIPPED, use.state().name(),
            WaiverText.problem(use), WaiverText.accepted(use.waiver())));
      }
      suites.add(new Suite("Waivers: " + WaiverText.counts(report), cases));
    }
    write(report.profile().name() + " " + report.profile().version() + " ("
        + report.profile().id() + ")", suites, 0, out);
  }

  /** What was found, expected and where, in one line. */
  private static String message(Result r) {
    StringBuilder m = new StringBuilder(r.status().name());
    if (r.waived() != null) {
      m.append(": ").append(WaiverText.of(r.waived()));
    }
    if (r.message() != null) {
      m.append(": ").append(r.message());
    }
    if (r.evidence() != null && !r.evidence().observed().isEmpty()
        && r.status() != Status.PASS) {
      Observation o = r.evidence().observed().get(0);
      m.append("; found ").append(o.item()).append(" = ")
          .append(o.value() == null ? "(unset)" : o.value());
      if (o.location() != null) {
        m.append(" at ").append(o.location());
      }
    }
    if (r.evidence() != null && r.evidence().expected() != null && r.status() != Status.PASS) {
      m.append("; expected ").append(r.evidence().expected());
    }
    return m.toString();
  }

  private static String detail(Result r) {
    if (r.status() == Status.PASS) {
      return null;
    }
    StringBuilder d = new StringBuilder();
    d.append("target: ").append(r.target()).append('\n');
    if (r.rule() != null) {
      d.append("rule: ").append(r.rule()).append('\n');
    }
    if (r.message() != null) {
      d.append("message: ").append(r.message()).append('\n');
    }
    if (r.waived() != null) {
      d.append("waiver: ").append(WaiverText.of(r.waived())).append('\n');
    }
    if (r.evidence() != null) {
      if (r.evidence().expected() != null) {
        d.append("expected: ").append(r.evidence().expected()).append('\n');
      }
      for (Observation o : r.evidence().observed()) {
        d.append("observed: ").append(o.item()).append(" = ")
            .append(o.value() == null ? "(unset)" : o.value()).append(" [").append(o.source());
        if (o.location() != null) {
          d.append(' ').append(o.location());
        }
        if (o.path() != null) {
          d.append(' ').append(o.path());
        }
        d.append("]\n");
      }
    }
    if (r.remediation() != null && (r.status() == Status.FAIL || r.status() == Status.WARN)) {
      d.append("remediation: ").append(r.remediation()).append('\n');
    }
    return d.toString();
  }

  /** The file the first observation names, when it names one (node/cp-1:/etc/x -> /etc/x). */
  private static String fileOf(Result r) {
    if (r.evidence() == null) {
      return null;
    }
    for (Observation o : r.evidence().observed()) {
      String location = o.location();
      if (location != null && location.startsWith("node/") && location.contains(":/")) {
        return location.substring(location.indexOf(":/") + 1);
      }
    }
    return null;
  }

  private static void write(String name, List<Suite> suites, double seconds, OutputStream out)
      throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", name);
      counts(xml, suites.stream().flatMap(s -> s.cases().stream()).toList());
      xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
      for (Suite suite : suites) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite.name());
        counts(xml, suite.cases());
        for (TestCase c : suite.cases()) {
          xml.writeCharacters("\n    ");
          xml.writeStartElement("testcase");
          xml.writeAttribute("classname", clean(c.classname()));
          xml.writeAttribute("name", clean(c.name()));
          if (c.file() != null) {
            xml.writeAttribute("file", clean(c.file()));
          }
          String element = switch (c.outcome()) {
            case FAILURE -> "failure";
            case ERROR -> "error";
            case SKIPPED -> "skipped";
            case PASSED -> null;
          };
          if (element != null) {
            xml.writeStartElement(element);
            xml.writeAttribute("message", clean(c.message()));
            if (c.type() != null) {
              xml.writeAttribute("type", c.type());
            }
            if (c.detail() != null) {
              xml.writeCharacters(clean(c.detail()));
            }
            xml.writeEndElement();
          }
          xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void counts(XMLStreamWriter xml, List<TestCase> cases) throws XMLStreamException {
    xml.writeAttribute("tests", String.valueOf(cases.size()));
    xml.writeAttribute("failures", count(cases, Outcome.FAILURE));
    xml.writeAttribute("errors", count(cases, Outcome.ERROR));
    xml.writeAttribute("skipped", count(cases, Outcome.SKIPPED));
  }

  private static String count(List<TestCase> cases, Outcome outcome) {
    return String.valueOf(cases.stream().filter(c -> c.outcome() == outcome).count());
  }

  /** XML 1.0 cannot carry most control characters, even escaped: replace them. */
  private static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
          || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      b.appendCodePoint(allowed ? cp : 0xFFFD);
    });
    return b.toString();
  }
}
