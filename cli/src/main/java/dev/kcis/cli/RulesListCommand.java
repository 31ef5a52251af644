package dev.kcis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.RuleDescription;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kcis rules list}: every control of a profile with its rules and mappings. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Lists every control of a benchmark profile with its rule ids, whether kcis "
        + "decides it or a person reviews it, and its mappings.")
final class RulesListCommand implements Callable<Integer> {

  enum Format { table, json }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  RuleSelection selection;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Override
  public Integer call() throws Exception {
    ComplianceEngine engine = selection.engine(spec);
    Map<String, RuleDescription> rules = engine.rules();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode controls = json.createArrayNode();
      for (Control c : engine.profile().controls()) {
        ObjectNode n = controls.addObject();
        n.put("id", c.id());
        n.put("title", c.title());
        n.put("assessment", c.assessment());
        n.put("decidedByKcis", decided(c, rules));
        ArrayNode ruleArray = n.putArray("rules");
        for (String id : c.rules()) {
          RuleDescription r = rules.get(id);
          ObjectNode rn = ruleArray.addObject();
          rn.put("id", id);
          rn.put("scope", r.scope());
          ArrayNode mappings = rn.putArray("mappings");
          for (Mapping m : r.mappings()) {
            mappings.addObject().put("framework", m.framework()).put("id", m.id())
                .put("provenance", m.provenance());
          }
        }
        c.disabledRules().forEach(n.putArray("disabledRules")::add);
        if (!c.params().isEmpty()) {
          ObjectNode params = n.putObject("params");
          c.params().forEach(params::put);
        }
      }
      ObjectNode root = json.createObjectNode();
      root.put("benchmark", engine.profile().id());
      root.set("controls", controls);
      out.println(json.writeValueAsString(root));
    } else {
      out.printf("%s: %s %s, %d controls%n%n", engine.profile().id(), engine.profile().name(),
          engine.profile().version(), engine.profile().controls().size());
      out.printf("%-8s %-10s %-8s %-48s %s%n", "CONTROL", "CIS", "KCIS", "RULES", "MAPPINGS");
      for (Control c : engine.profile().controls()) {
        String mappings = c.rules().stream().flatMap(id -> rules.get(id).mappings().stream())
            .collect(Collectors.groupingBy(m -> shortName(m.framework()), java.util.TreeMap::new,
                Collectors.counting()))
            .entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(" "));
        out.printf("%-8s %-10s %-8s %-48s %s%n", c.id(), c.assessment(),
            decided(c, rules) ? "decides" : c.notApplicable() != null ? "n/a" : "review",
            String.join(",", c.rules()), mappings);
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  static boolean decided(Control c, Map<String, RuleDescription> rules) {
    return c.rules().stream().anyMatch(id -> !rules.get(id).manual());
  }

  private static String shortName(String framework) {
    return switch (framework) {
      case Mapping.NIST -> "nist";
      case Mapping.SOC2 -> "soc2";
      case Mapping.PCI_DSS -> "pci";
      default -> "cis-v8";
    };
  }

  static String mappings(List<Mapping> mappings) {
    return mappings.stream().map(m -> m.id() + " (" + m.provenance() + ")")
        .collect(Collectors.joining(", "));
  }
}
