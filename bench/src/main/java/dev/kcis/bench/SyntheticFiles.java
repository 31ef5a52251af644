package dev.kcis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the synthetic cluster of {@link EvaluationBenchmark} as the inputs kcis reads: a JSON
 * bundle ({@code bundle-N.json}, as the collectors write), the same bundle in YAML
 * ({@code bundle-N.yaml}) and its API objects as multi-document YAML manifests
 * ({@code manifests-N.yaml}), for bench/memory.sh.
 *
 * <pre>
 * java -cp ... dev.kcis.bench.SyntheticFiles 20000 /tmp/inputs
 * </pre>
 */
public final class SyntheticFiles {

  private SyntheticFiles() {}

  public static void main(String[] args) throws IOException {
    int objects = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    FactBundle bundle = EvaluationBenchmark.synthetic(objects);
    Path json = dir.resolve("bundle-" + objects + ".json");
    try (OutputStream out = Files.newOutputStream(json)) {
      bundle.writeJson(out);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Yaml yaml = new Yaml(options);
    Map<?, ?> tree = new ObjectMapper().readValue(json.toFile(), Map.class);
    try (Writer out = Files.newBufferedWriter(dir.resolve("bundle-" + objects + ".yaml"),
        StandardCharsets.UTF_8)) {
      yaml.dump(tree, out);
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve("manifests-" + objects + ".yaml"),
        StandardCharsets.UTF_8)) {
      yaml.dumpAll(((List<?>) tree.get("objects")).iterator(), out);
    }
  }
}
