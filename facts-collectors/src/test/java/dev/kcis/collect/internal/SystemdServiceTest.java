package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.collect.internal.SystemdService.Fragment;
import dev.kcis.collect.internal.SystemdService.Service;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdServiceTest {

  static final String UNIT = """
      [Unit]
      Description=kubelet: The Kubernetes Node Agent

      [Service]
      ExecStart=/usr/bin/kubelet
      Restart=always
      """;

  static final String KUBEADM_DROP_IN = """
      # Note: This dropin only works with kubeadm and kubelet v1.11+
      [Service]
      Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
      Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
      EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
      EnvironmentFile=-/etc/default/kubelet
      ExecStart=
      ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
      """;

  static final String KUBEADM_FLAGS = "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint="
      + "unix:///var/run/containerd/containerd.sock --pod-infra-container-image="
      + "registry.k8s.io/pause:3.10\"\n";

  static Service resolve(Map<String, String> files, Fragment... fragments) {
    return SystemdService.resolve("kubelet.service", List.of(fragments), files::get);
  }

  @Test
  void kubeadmDropInResetsExecStartAndExpandsEveryVariable() {
    Service service = resolve(Map.of("/var/lib/kubelet/kubeadm-flags.env", KUBEADM_FLAGS),
        new Fragment("/lib/systemd/system/kubelet.service", UNIT),
        new Fragment("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", KUBEADM_DROP_IN));
    assertEquals(List.of("/usr/bin/kubelet",
        "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
        "--kubeconfig=/etc/kubernetes/kubelet.conf", "--config=/var/lib/kubelet/config.yaml",
        "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
        "--pod-infra-container-image=registry.k8s.io/pause:3.10"), service.argv());
    assertEquals("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        service.execStartFile());
    assertTrue(service.problems().isEmpty(), "optional environment files may be missing");
  }

  @Test
  void theLastExecStartWinsAndAnEmptyOneWithNothingAfterLeavesNone() {
    Service last = resolve(Map.of(), new Fragment("/u", UNIT),
        new Fragment("/d1.conf", "[Service]\nExecStart=/opt/kubelet --v=2\n"));
    assertEquals(List.of("/opt/kubelet", "--v=2"), last.argv());
    assertEquals("/d1.conf", last.execStartFile());

    Service reset = resolve(Map.of(), new Fragment("/u", UNIT),
        new Fragment("/d1.conf", "[Service]\nExecStart=\n"));
    assertEquals(List.of(), reset.argv());
    assertNull(reset.execStartFile());
  }

  @Test
  void environmentFilesOverrideEnvironmentWhateverTheOrder() {
    Service service = resolve(Map.of("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--v=4\n"),
        new Fragment("/u", """
            [Service]
            EnvironmentFile=/etc/default/kubelet
            Environment=KUBELET_EXTRA_ARGS=--v=1
            ExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS
            """));
    assertEquals(List.of("/usr/bin/kubelet", "--v=4"), service.argv());
  }

  @Test
  void emptyAssignmentsResetEnvironmentAndEnvironmentFiles() {
    Service service = resolve(Map.of("/a.env", "A=--from-file\n"),
        new Fragment("/u", "[Service]\nEnvironment=A=--a B=--b\nEnvironmentFile=/a.env\n"
            + "ExecStart=/usr/bin/kubelet $A $B\n"),
        new Fragment("/d.conf", "[Service]\nEnvironment=\nEnvironmentFile=\nEnvironment=B=--b2\n"));
    assertEquals(List.of("/usr/bin/kubelet", "--b2"), service.argv());
    assertEquals(Map.of("B", "--b2"), service.environment());
  }

  @Test
  void quotedAssignmentsAndBracedVariablesStayOneWord() {
    Service service = resolve(Map.of(), new Fragment("/u", """
        [Service]
        Environment="LABELS=--node-labels=a=b,c=d" 'SPACED=x y' PLAIN=p
        ExecStart=/usr/bin/kubelet ${SPACED} --name=${PLAIN}-1 $LABELS $UNSET ${UNSET} --cost=$$5
        """));
    assertEquals(List.of("/usr/bin/kubelet", "x y", "--name=p-1", "--node-labels=a=b,c=d", "",
        "--cost=$5"), service.argv());
  }

  @Test
  void aWholeWordVariableSplitsHonouringQuotesInItsValue() {
    assertEquals(List.of("kubelet", "--a=one two", "--b"), SystemdService.expand(
        List.of("kubelet", "$ARGS"), Map.of("ARGS", "\"--a=one two\" --b")));
    assertEquals(List.of("kubelet"), SystemdService.expand(List.of("kubelet", "$ARGS"),
        Map.of()), "an unset variable expands to no word");
    assertEquals(List.of("kubelet", "--x=$ARGS"), SystemdService.expand(
        List.of("kubelet", "--x=$ARGS"), Map.of("ARGS", "v")), "$VAR inside a word stays");
  }

  @Test
  void anEscapeBeyondUnicodeIsKeptAsWritten() {
    // Found by fuzzing: \U with eight hex digits past U+10FFFF ended collect node with exit 1.
    assertEquals(List.of("/usr/bin/kubelet", "--x=\\U1BDDDDDD", "--y=\\UFFFFFFFF", "\u00e9"),
        SystemdService.execStartArgv("/usr/bin/kubelet \"--x=\\U1BDDDDDD\" "
            + "\"--y=\\UFFFFFFFF\" \"\\U000000e9\"", Map.of()));
  }

  @Test
  void execStartPrefixesAndArgvZeroOverride() {
    assertEquals(List.of("/usr/bin/kubelet", "--v=2"),
        SystemdService.execStartArgv("-/usr/bin/kubelet --v=2", Map.of()));
    assertEquals(List.of("/usr/bin/kubelet", "--v=2"),
        SystemdService.execStartArgv("@/usr/bin/kubelet kubelet-renamed --v=2", Map.of()));
    assertEquals(List.of("/usr/bin/kubelet"),
        SystemdService.execStartArgv("!!/usr/bin/kubelet", Map.of()));
  }

  @Test
  void continuationLinesCommentsAndSectionsFollowSystemdSyntax() {
    Service service = resolve(Map.of(), new Fragment("/u", """
        [Unit]
        ExecStart=/not/a/service/setting
        [Service]
        ; a comment
        ExecStart=/usr/bin/kubelet \\
          --config=/var/lib/kubelet/config.yaml \\
        # a comment inside a continuation is skipped
          --v=2
        [Install]
        WantedBy=multi-user.target
        """));
    assertEquals(List.of("/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--v=2"),
        service.argv());
  }

  @Test
  void wordsUnderstandQuotesAndCEscapes() {
    assertEquals(List.of("a b", "c\"d", "e f", "tab\there", "x41=A", "\\q"),
        SystemdService.words("\"a b\" c\\\"d e\\sf tab\\there x41=\\x41 \\q", true));
    assertEquals(List.of("it's", "mixed-quoted"),
        SystemdService.words("\"it's\" mixed-\"quoted\"", true));
  }

  @Test
  void environmentFilesParseLikeSystemd() {
    Map<String, String> env = SystemdService.parseEnvironmentFile("""
        # comment
        ; another comment
        PLAIN=value with spaces   \s
        DOUBLE="--a=1 --b=\\"two\\" \\$HOME"
        SINGLE='literal \\n $X'
          INDENTED = x
        CONTINUED=first \\
        second
        EMPTY=
        HASH=a#b
        not a valid name=x
        NOEQUALS
        LAST="no newline at the end\"""");
    assertEquals("value with spaces", env.get("PLAIN"));
    assertEquals("--a=1 --b=\"two\" $HOME", env.get("DOUBLE"));
    assertEquals("literal \\n $X", env.get("SINGLE"));
    assertEquals("x", env.get("INDENTED"));
    assertEquals("first second", env.get("CONTINUED"));
    assertEquals("", env.get("EMPTY"));
    assertEquals("a#b", env.get("HASH"));
    assertEquals("no newline at the end", env.get("LAST"));
    assertEquals(8, env.size(), env.toString());
  }

  @Test
  void aMissingRequiredEnvironmentFileOrAnUnreadableOneIsAProblem() {
    Service missing = resolve(Map.of(), new Fragment("/u",
        "[Service]\nEnvironmentFile=/etc/sysconfig/kubelet\nExecStart=/usr/bin/kubelet\n"));
    assertEquals(1, missing.problems().size());
    assertEquals("/etc/sysconfig/kubelet", missing.problems().get(0).item());
    assertTrue(missing.problems().get(0).message().contains("does not exist"));

    Service unreadable = SystemdService.resolve("kubelet.service", List.of(new Fragment("/u",
        "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet\n")),
        path -> {
          throw new AccessDeniedException(path);
        });
    assertEquals("permission denied", unreadable.problems().get(0).message());
  }

  @Test
  void specifiersForTheUnitNameAreReplaced() {
    Service service = resolve(Map.of(), new Fragment("/u",
        "[Service]\nExecStart=/usr/bin/%p --name=%n --pct=100%% --host=%H\n"));
    assertEquals(List.of("/usr/bin/kubelet", "--name=kubelet.service", "--pct=100%",
        "--host=%H"), service.argv());
  }

  @Test
  void workingDirectoryIsKept() {
    assertEquals("/var/lib/kubelet", resolve(Map.of(), new Fragment("/u",
        "[Service]\nWorkingDirectory=-/var/lib/kubelet\nExecStart=/usr/bin/kubelet\n"))
        .workingDirectory());
    assertEquals("/", resolve(Map.of(), new Fragment("/u", UNIT)).workingDirectory());
  }

  @Test
  void dropInsApplyByFileNameAndHigherPriorityDirectoriesMaskTheSameName() {
    assertEquals(List.of("/etc/systemd/system/kubelet.service",
            "/run/systemd/system/kubelet.service.d/05-run.conf",
            "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
            "/usr/lib/systemd/system/kubelet.service.d/20-extra.conf"),
        SystemdService.fragmentOrder(
            List.of("/etc/systemd/system/kubelet.service",
                "/usr/lib/systemd/system/kubelet.service"),
            List.of("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                "/run/systemd/system/kubelet.service.d/05-run.conf",
                "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
                "/usr/lib/systemd/system/kubelet.service.d/20-extra.conf")));
    assertEquals(List.of("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"),
        SystemdService.fragmentOrder(List.of(),
            List.of("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf")),
        "drop-ins without a unit file (a copy of /etc without /usr) still apply in order");
  }
}
