package dev.kcis.collect.internal;

import java.util.List;

/**
 * A process running on the node, as {@code /proc} shows it.
 *
 * @param pid its process id
 * @param argv its command line, the executable first
 */
record RunningProcess(long pid, List<String> argv) {

  RunningProcess {
    argv = List.copyOf(argv);
  }

  /** Where its command line was read: {@code /proc/<pid>/cmdline}. */
  String source() {
    return "/proc/" + pid + "/cmdline";
  }
}
