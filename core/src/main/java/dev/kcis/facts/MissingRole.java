package dev.kcis.facts;

import java.util.Objects;

/**
 * A binding whose role is neither in the evidence nor in Kubernetes' bootstrap policy as kcis ships
 * it: what the binding grants is unknown, so a permission rule cannot pass it.
 *
 * <pre>
 * $m : MissingRole(!builtIn)
 * ...
 * verdict.inconclusive(m.getRole() + " is not in the evidence", $m);
 * </pre>
 */
public final class MissingRole implements Fact {

  private final Binding binding;

  /** @param binding the binding whose role is missing */
  public MissingRole(Binding binding) {
    this.binding = Objects.requireNonNull(binding, "binding");
  }

  public Binding getBinding() {
    return binding;
  }

  public String getRoleKind() {
    return binding.getRoleKind();
  }

  public String getRoleName() {
    return binding.getRoleName();
  }

  /** The missing role as {@code Kind/name}, as the binding's roleRef names it. */
  public String getRole() {
    return binding.getRoleKind() + "/" + binding.getRoleName();
  }

  /** True when the binding is one Kubernetes creates and reconciles itself. */
  public boolean isBuiltIn() {
    return binding.isBuiltIn();
  }

  @Override
  public String getTarget() {
    return binding.getTarget();
  }

  @Override
  public Observation observe() {
    String where = "Role".equals(binding.getRoleKind()) && binding.getNamespace() != null
        ? " in namespace " + binding.getNamespace() : "";
    return new Observation(getRole(), "not in the evidence" + where
        + ", nor in Kubernetes' bootstrap policy", "api-object", binding.getLocation(), null);
  }

  @Override
  public String toString() {
    return binding.getTarget() + " -> " + getRole() + " (missing)";
  }
}
