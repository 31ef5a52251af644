package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The collection errors of one node, in the order they were met, without repeats. */
final class Issues {

  private final Set<FactBundle.Issue> issues = new LinkedHashSet<>();

  void add(String item, String component, String message) {
    issues.add(new FactBundle.Issue(item, message, component, null));
  }

  List<FactBundle.Issue> list() {
    return new ArrayList<>(issues);
  }
}
