package dev.kcis.cli;

import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.SyntheticCluster;
import dev.kcis.cli.internal.SyntheticManifests;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kcis bench}: tools for measuring kcis on clusters of a chosen size. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Tools for benchmarks and capacity planning.",
    subcommands = {BenchCommand.Generate.class})
final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say what to do: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** {@code kcis bench generate}: the bundle of a synthetic cluster. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      versionProvider = Kcis.Version.class,
      description = {"Writes the fact bundle of a synthetic cluster: control-plane and worker "
          + "nodes with their evidence, namespaces, workloads of every kind with varied security "
          + "contexts, RBAC with aggregation and wildcards, and a share of findings in every "
          + "section. The same options give the same bytes.",
          "With --manifests DIR, writes the cluster's API objects instead as the YAML kubectl get "
              + "-A -o yaml prints (managedFields, last-applied annotations, status, large "
              + "ConfigMap values), spread over --files files, half of them kind: List, half of "
              + "them --- streams, for kcis collect manifests.",
          "Example: kcis bench generate --nodes 100 --objects 100000 --seed 1 --out big.json",
          "Example: kcis bench generate --objects 6360 --files 20 --manifests dump/"})
  static final class Generate implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
        description = "How many nodes (one control-plane node, then one in 30). Default: 3.")
    int nodes;

    @Option(names = "--objects", paramLabel = "M", defaultValue = "1000",
        description = "How many API objects, about (whole namespaces of 40). Default: 1000.")
    int objects;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Seed of the pseudo-random choices. Default: 1.")
    long seed;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE",
        description = "Write the bundle to FILE (replaced atomically when it exists) instead of "
            + "standard output.")
    Path out;

    @Option(names = "--manifests", paramLabel = "DIR",
        description = "Write the API objects as YAML manifest files manifests-NN.yaml into DIR "
            + "(created if missing) instead of a bundle.")
    Path manifests;

    @Option(names = "--files", paramLabel = "N", defaultValue = "20",
        description = "With --manifests: how many files. Default: 20.")
    int files;

    @Override
    public Integer call() throws IOException {
      if (nodes < 1 || nodes > 100_000) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--nodes must be between 1 and 100000: " + nodes);
      }
      if (objects < 1 || objects > 50_000_000) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--objects must be between 1 and 50000000: " + objects);
      }
      PrintWriter err = spec.commandLine().getErr();
      if (manifests != null) {
        return writeManifests(err);
      }
      SyntheticCluster cluster = new SyntheticCluster(nodes, objects, seed);
      if (out == null || Output.isStandardOutput(out)) {
        PrintWriter stdout = spec.commandLine().getOut();
        cluster.write(stdout);
        stdout.flush();
        return ExitCode.OK;
      }
      SyntheticCluster.Written written = writeAtomically(cluster, out);
      err.println("kcis: wrote a synthetic cluster to " + out + ": "
          + Output.count(written.nodes(), "node") + " (" + written.controlPlaneNodes()
          + " control plane), " + Output.count(written.objects(), "object") + " in "
          + Output.count(written.namespaces(), "namespace") + ", "
          + Output.count(written.workloads(), "workload"));
      err.flush();
      return ExitCode.OK;
    }

    private int writeManifests(PrintWriter err) throws IOException {
      if (out != null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give --manifests DIR or --out FILE, not both");
      }
      if (files < 1 || files > 10_000) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--files must be between 1 and 10000: " + files);
      }
      if (Files.exists(manifests) && !Files.isDirectory(manifests)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--manifests must be a directory: " + manifests);
      }
      SyntheticManifests.Written written;
      try {
        written = new SyntheticManifests(objects, files, seed).write(manifests);
      } catch (IOException e) {
        throw new Output.WriteFailure(manifests.toString(), e);
      }
      err.println("kcis: wrote synthetic manifests to " + manifests + ": "
          + Output.count(written.objects(), "object") + " in "
          + Output.count(written.files(), "file") + ", "
          + String.format("%.1f MB", written.bytes() / 1e6));
      err.flush();
      return ExitCode.OK;
    }

    /** Streams the bundle into a temporary file beside {@code target}, then renames it. */
    private static SyntheticCluster.Written writeAtomically(SyntheticCluster cluster, Path target)
        throws IOException {
      Path file = target.toAbsolutePath();
      if (Files.isDirectory(file)) {
        throw new Output.WriteFailure(target.toString(),
            new java.nio.file.FileSystemException(target.toString(), null, "Is a directory"));
      }
      Path dir = file.getParent();
      Path temp = null;
      try {
        Files.createDirectories(dir);
        temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        SyntheticCluster.Written written;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
          written = cluster.write(os);
        }
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return written;
      } catch (IOException e) {
        throw new Output.WriteFailure(target.toString(), e);
      } finally {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }
}
