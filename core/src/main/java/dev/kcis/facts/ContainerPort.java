package dev.kcis.facts;

/**
 * One entry of a container's {@code ports}: what it declares to listen on and any port it binds on
 * the node.
 */
public final class ContainerPort {

  private final Integer containerPort;
  private final Integer hostPort;
  private final String protocol;
  private final String name;

  /**
   * @param containerPort the port in the container, {@code null} when missing or no port number
   * @param hostPort the node port bound to it, {@code null} when unset or 0
   * @param protocol {@code TCP} (the default), {@code UDP} or {@code SCTP}
   * @param name the port's name, or {@code null}
   */
  public ContainerPort(Integer containerPort, Integer hostPort, String protocol, String name) {
    this.containerPort = containerPort;
    this.hostPort = hostPort;
    this.protocol = protocol == null ? "TCP" : protocol;
    this.name = name;
  }

  public Integer getContainerPort() {
    return containerPort;
  }

  public Integer getHostPort() {
    return hostPort;
  }

  public String getProtocol() {
    return protocol;
  }

  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return (name == null ? "" : name + "=") + containerPort + "/" + protocol
        + (hostPort == null ? "" : " hostPort " + hostPort);
  }
}
