package dev.kcis.cli.internal;

import dev.kcis.engine.RuleTests;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Rule test outcomes as JUnit XML: one test suite per rule, one test case per case. */
public final class JUnitXml {

  private JUnitXml() {}

  public static void write(List<RuleTests.Outcome> outcomes, double seconds, OutputStream out)
      throws XMLStreamException {
    Map<String, List<RuleTests.Outcome>> byRule = new LinkedHashMap<>();
    outcomes.forEach(o -> byRule.computeIfAbsent(o.testCase().rule(), k -> new java.util.ArrayList<>())
        .add(o));
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeCharacters("\n");
    xml.writeStartElement("testsuites");
    xml.writeAttribute("name", "kcis rules test");
    xml.writeAttribute("tests", String.valueOf(outcomes.size()));
    xml.writeAttribute("failures", String.valueOf(outcomes.stream().filter(o -> !o.passed()).count()));
    xml.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", seconds));
    for (Map.Entry<String, List<RuleTests.Outcome>> suite : byRule.entrySet()) {
      xml.writeCharacters("\n  ");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", suite.getKey());
      xml.writeAttribute("tests", String.valueOf(suite.getValue().size()));
      xml.writeAttribute("failures",
          String.valueOf(suite.getValue().stream().filter(o -> !o.passed()).count()));
      for (RuleTests.Outcome o : suite.getValue()) {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", suite.getKey());
        xml.writeAttribute("name", o.testCase().name());
        xml.writeAttribute("file", o.testCase().file());
        if (!o.passed()) {
          xml.writeStartElement("failure");
          xml.writeAttribute("message", String.join("; ", o.problems()));
          StringBuilder detail = new StringBuilder("expected:\n");
          o.testCase().expected().forEach(e -> detail.append("  ").append(e).append('\n'));
          detail.append("actual:\n");
          o.actual().forEach(r -> detail.append("  ").append(r.status()).append(' ')
              .append(r.target()).append('\n'));
          xml.writeCharacters(detail.toString());
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
  }
}
