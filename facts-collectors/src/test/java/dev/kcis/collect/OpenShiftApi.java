package dev.kcis.collect;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * What an OpenShift 4 API server adds to {@link SampleCluster}, in fabric8's mock server: its API
 * groups in discovery (security.openshift.io, config.openshift.io, operator.openshift.io) and the
 * objects the rh-1.8 checks read with {@code oc get}: three Security Context Constraints
 * (restricted-v2 and restricted restrict every capability 5.2 asks about; none runs as non-root
 * only), the APIServer, Authentication and control-plane operator resources named
 * {@code cluster}. The KubeAPIServer's observedConfig holds a credential that must never reach a
 * bundle or a report.
 */
public final class OpenShiftApi {

  /** The credential in the KubeAPIServer's observedConfig. */
  public static final String OBSERVED_SECRET = "SECRET-observed-config-token";

  static final String DISCOVERY = """
      {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": "apps", "versions": [{"groupVersion": "apps/v1", "version": "v1"}]},
        {"name": "security.openshift.io", "versions": [
          {"groupVersion": "security.openshift.io/v1", "version": "v1"}]},
        {"name": "config.openshift.io", "versions": [
          {"groupVersion": "config.openshift.io/v1", "version": "v1"}]},
        {"name": "operator.openshift.io", "versions": [
          {"groupVersion": "operator.openshift.io/v1", "version": "v1"}]}]}""";

  static final String SCCS = """
      {"kind": "SecurityContextConstraintsList", "apiVersion": "security.openshift.io/v1",
       "metadata": {"resourceVersion": "7"}, "items": [
        {"metadata": {"name": "restricted-v2"}, "allowPrivilegedContainer": false,
         "allowHostPID": false, "allowHostIPC": false, "allowHostNetwork": false,
         "allowPrivilegeEscalation": false, "requiredDropCapabilities": ["ALL"],
         "allowedCapabilities": ["NET_BIND_SERVICE"], "runAsUser": {"type": "MustRunAsRange"},
         "users": [], "groups": []},
        {"metadata": {"name": "restricted"}, "allowPrivilegedContainer": false,
         "allowHostPID": false, "allowHostIPC": false, "allowHostNetwork": false,
         "allowPrivilegeEscalation": true,
         "requiredDropCapabilities": ["KILL", "MKNOD", "SETUID", "SETGID"],
         "allowedCapabilities": null, "runAsUser": {"type": "MustRunAsRange"},
         "users": [], "groups": ["system:authenticated"]},
        {"metadata": {"name": "privileged"}, "allowPrivilegedContainer": true,
         "allowHostPID": true, "allowHostIPC": true, "allowHostNetwork": true,
         "allowPrivilegeEscalation": true, "allowedCapabilities": ["*"],
         "runAsUser": {"type": "RunAsAny"},
         "users": ["system:admin", "system:serviceaccount:openshift-infra:build-controller"],
         "groups": ["system:cluster-admins", "system:nodes"]}]}""";

  static final String API_SERVERS = """
      {"kind": "APIServerList", "apiVersion": "config.openshift.io/v1", "metadata": {},
       "items": [{"metadata": {"name": "cluster"}, "spec": {
         "audit": {"profile": "Default"}, "encryption": {"type": "aescbc"},
         "tlsSecurityProfile": {"type": "Intermediate", "intermediate": {}}}}]}""";

  static final String AUTHENTICATIONS = """
      {"kind": "AuthenticationList", "apiVersion": "config.openshift.io/v1", "metadata": {},
       "items": [{"metadata": {"name": "cluster"}, "spec": {"type": "IntegratedOAuth",
         "webhookTokenAuthenticator": {
           "kubeConfig": {"name": "webhook-authentication-integrated-oauth"}}}}]}""";

  static final String KUBE_API_SERVERS = """
      {"kind": "KubeAPIServerList", "apiVersion": "operator.openshift.io/v1", "metadata": {},
       "items": [{"metadata": {"name": "cluster"}, "spec": {
         "managementState": "Managed", "unsupportedConfigOverrides": null,
         "observedConfig": {
           "apiServerArguments": {"feature-gates": ["APIPriorityAndFairness=true"],
             "audit-log-maxsize": ["100"], "etcd-servers": ["https://10.0.0.5:2379"]},
           "servingInfo": {"bindAddress": "0.0.0.0:6443",
             "cipherSuites": ["TLS_AES_128_GCM_SHA256"], "minTLSVersion": "VersionTLS12"},
           "authConfig": {"oauthMetadataFile": "/etc/kubernetes/static-pod-resources/oauth.json",
             "token": "%s"}}}}]}""".formatted(OBSERVED_SECRET);

  private OpenShiftApi() {}

  /** An empty list of {@code kind} (an operator resource this fake leaves out). */
  static String emptyList(String kind, String apiVersion) {
    return "{\"kind\": \"" + kind + "List\", \"apiVersion\": \"" + apiVersion
        + "\", \"metadata\": {}, \"items\": []}";
  }

  /** Serves OpenShift's discovery and objects; call after {@link SampleCluster#create}. */
  public static void serve(KubernetesMockServer server) {
    answer(server, "/apis", DISCOVERY);
    answer(server, "/apis/security.openshift.io/v1/securitycontextconstraints?limit=500", SCCS);
    answer(server, "/apis/config.openshift.io/v1/apiservers?limit=500", API_SERVERS);
    answer(server, "/apis/config.openshift.io/v1/authentications?limit=500", AUTHENTICATIONS);
    answer(server, "/apis/operator.openshift.io/v1/kubeapiservers?limit=500", KUBE_API_SERVERS);
    for (String[] kind : new String[][] {{"OpenShiftAPIServer", "openshiftapiservers"},
        {"KubeControllerManager", "kubecontrollermanagers"}, {"KubeScheduler", "kubeschedulers"},
        {"Etcd", "etcds"}}) {
      answer(server, "/apis/operator.openshift.io/v1/" + kind[1] + "?limit=500",
          emptyList(kind[0], "operator.openshift.io/v1"));
    }
  }

  private static void answer(KubernetesMockServer server, String path, String body) {
    server.expect().get().withPath(path).andReturn(200, body).always();
  }
}
