package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.collect.internal.Recognizer.Recognized;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecognizerTest {

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "kube-apiserver, kube-apiserver",
      "/usr/local/bin/kube-apiserver, kube-apiserver",
      "/usr/bin/kubelet, kubelet",
      "etcd, etcd",
      "kubectl, none",
      "kube-apiserver-wrapper, none",
      "/opt/etcd-backup, none"})
  void theExecutableBaseNameNamesTheComponentExactly(String executable, String kind) {
    assertEquals(Optional.ofNullable(kind), Recognizer.kindOf(List.of(executable, "--v=2")));
  }

  @Test
  void hyperkubeNamesTheComponentInItsFirstArgument() {
    assertEquals(Optional.of("kube-apiserver"),
        Recognizer.kindOf(List.of("/hyperkube", "kube-apiserver", "--a=b")));
    assertEquals(Optional.of("kube-proxy"), Recognizer.kindOf(List.of("hyperkube", "proxy")));
    assertEquals(Optional.empty(), Recognizer.kindOf(List.of("hyperkube", "kubectl")));
  }

  @Test
  void argvIsCommandThenArgs() {
    Recognized r = Recognizer.container(List.of("kube-scheduler"),
        List.of("--bind-address=127.0.0.1"), "registry.k8s.io/kube-scheduler:v1.31.4").get();
    assertEquals("kube-scheduler", r.kind());
    assertEquals(List.of("kube-scheduler", "--bind-address=127.0.0.1"), r.argv());
  }

  @Test
  void theCommandWinsOverTheImage() {
    Recognized r = Recognizer.container(List.of("etcd", "--data-dir=/var/lib/etcd"), List.of(),
        "registry.k8s.io/kube-apiserver:v1.31.4").get();
    assertEquals("etcd", r.kind());
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "registry.k8s.io/kube-apiserver:v1.31.4, kube-apiserver",
      "kube-controller-manager, kube-controller-manager",
      "registry.k8s.io/etcd:3.5.15-0, etcd",
      "quay.io/coreos/etcd@sha256:0123, etcd",
      "myregistry:5000/kube-proxy-amd64:v1.10.0, kube-proxy",
      "registry.k8s.io/pause:3.10, none",
      "example.com/not-etcd:1, none",
      "example.com/etcdctl:1, none"})
  void withoutACommandTheImageNamesTheComponent(String image, String kind) {
    Optional<Recognized> r = Recognizer.container(List.of(), List.of("--v=2"), image);
    assertEquals(Optional.ofNullable(kind), r.map(Recognized::kind));
    r.ifPresent(found -> assertEquals(List.of(kind, "--v=2"), found.argv(),
        "the image's entrypoint is written first"));
  }

  @Test
  void aShellWrapperIsSplitAndTakenFromTheComponentOn() {
    Recognized r = Recognizer.container(List.of("/bin/sh", "-ec"), List.of(
        "mkdir -p /var/lib/etcd && exec etcd --data-dir=/var/lib/etcd "
            + "--name=\"cp 1\" '--initial-cluster-token=x y' ; echo done"), null).get();
    assertEquals("etcd", r.kind());
    assertEquals(List.of("etcd", "--data-dir=/var/lib/etcd", "--name=cp 1",
        "--initial-cluster-token=x y"), r.argv());
  }

  @Test
  void aShellWrapperFindsTheComponentOnlyWhereACommandStarts() {
    Recognized r = Recognizer.container(List.of("sh", "-c",
        "echo starting kube-apiserver\nGOMAXPROCS=2 env -u X FOO=1 kube-apiserver --a=b \\\n --c=d"),
        List.of(), null).get();
    assertEquals(List.of("kube-apiserver", "--a=b", "--c=d"), r.argv());
    assertTrue(Recognizer.container(List.of("sh", "-c", "echo kube-apiserver"), List.of(), null)
        .isEmpty());
    assertTrue(Recognizer.container(List.of("sh", "script.sh"), List.of(), null).isEmpty(),
        "a script file is not a command string");
  }

  @Test
  void shellWordsKeepQuotingAndOperators() {
    assertEquals(List.of(
            new ShellWords.Token("a", false), new ShellWords.Token("b c", false),
            new ShellWords.Token("&&", true), new ShellWords.Token("d$X", false),
            new ShellWords.Token("|", true), new ShellWords.Token("e\"f", false)),
        ShellWords.split("a 'b c' && d\"$X\" | e\\\"f # a comment"));
  }
}
