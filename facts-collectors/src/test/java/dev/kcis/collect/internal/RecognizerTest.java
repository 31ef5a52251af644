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

  @Test
  void watchTerminationRunsTheArgumentVectorAfterItsDoubleDash() {
    Recognized r = Recognizer.container(List.of("watch-termination",
        "--termination-touch-file=/var/log/kube-apiserver/.terminating",
        "--kubeconfig=/etc/kubernetes/static-pod-resources/configmaps/x/kubeconfig", "--",
        "hyperkube", "kube-apiserver", "--openshift-config=/etc/config.yaml"), List.of(),
        null).get();
    assertEquals("kube-apiserver", r.kind());
    assertEquals(List.of("hyperkube", "kube-apiserver", "--openshift-config=/etc/config.yaml"),
        r.argv());
    // Without "--" watch-termination names no command: its own --kubeconfig is nobody's.
    assertEquals(Optional.empty(), Recognizer.container(List.of("watch-termination",
        "--kubeconfig=/k", "kube-apiserver"), List.of(), null));
    assertEquals(Optional.empty(), Recognizer.container(List.of("watch-terminations", "--",
        "kube-apiserver"), List.of(), null));
  }

  @Test
  void anOpenShiftApiServerScriptIsReadFromItsExecLine() {
    String script = String.join("\n",
        "LOCK=/var/log/kube-apiserver/.lock",
        "exec {LOCK_FD}>${LOCK} && flock --verbose -w 30 \"${LOCK_FD}\" || {",
        "  echo \"Failed to acquire lock for kube-apiserver.\"",
        "  exit 1",
        "}",
        "if [ -f /etc/kubernetes/static-pod-certs/ca-bundle.crt ]; then",
        "  cp -f /etc/kubernetes/static-pod-certs/ca-bundle.crt /etc/pki/tls-ca-bundle.pem",
        "fi",
        "",
        "exec watch-termination --termination-touch-file=/var/log/kube-apiserver/.terminating "
            + "--graceful-termination-duration=135s -- hyperkube kube-apiserver "
            + "--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml"
            + " --advertise-address=${HOST_IP}  -v=2 --permit-address-sharing");
    Recognized r = Recognizer.container(List.of("/bin/bash", "-ec"), List.of(script), null)
        .get();
    assertEquals("kube-apiserver", r.kind());
    assertEquals(List.of("hyperkube", "kube-apiserver",
        "--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml",
        "--advertise-address=${HOST_IP}", "-v=2", "--permit-address-sharing"), r.argv());
  }

  @Test
  void shellOptionsThatTakeANameAreSkippedWithIt() {
    Recognized r = Recognizer.container(List.of("/bin/bash", "-euxo", "pipefail", "-c"),
        List.of("timeout 3m /bin/bash -exuo pipefail -c 'while true; do sleep 1; done'\n"
            + "exec hyperkube kube-controller-manager --openshift-config=/c.yaml \\\n"
            + "  --kubeconfig=/k"), null).get();
    assertEquals("kube-controller-manager", r.kind());
    assertEquals(List.of("hyperkube", "kube-controller-manager", "--openshift-config=/c.yaml",
        "--kubeconfig=/k"), r.argv());
    // -o without -c: the next word is the option's name, not a script.
    assertEquals(Optional.empty(), Recognizer.container(List.of("bash", "-o", "pipefail",
        "exec kube-apiserver"), List.of(), null));
  }

  @Test
  void niceAndIoniceRunTheCommandAfterTheirOptions() {
    Recognized r = Recognizer.container(List.of("/bin/sh", "-c"), List.of(
        "set -euo pipefail\nexec nice -n -19 ionice -c2 -n0 etcd \\\n  --logger=zap \\\n"
            + "  --client-cert-auth=true || mv /a /b"), null).get();
    assertEquals("etcd", r.kind());
    assertEquals(List.of("etcd", "--logger=zap", "--client-cert-auth=true"), r.argv());
    assertEquals(List.of("kube-proxy", "--v=2"),
        Recognizer.unwrap(List.of("ionice", "-c", "2", "nice", "--", "kube-proxy", "--v=2")));
  }

  @Test
  void etcdSubCommandsAreNotTheEtcdServer() {
    assertEquals(Optional.empty(), Recognizer.kindOf(List.of("etcd", "grpc-proxy", "start",
        "--endpoints", "https://127.0.0.1:9978")));
    assertEquals(Optional.empty(), Recognizer.container(List.of("/bin/sh", "-c"),
        List.of("exec nice -n -18 etcd grpc-proxy start --key-file /k"), null));
    assertEquals(Optional.of("etcd"), Recognizer.kindOf(List.of("etcd")));
  }
}
