package dev.kcis.report;

import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@link Report} in one format. Writers are stateless and thread-safe; they write to the
 * stream and flush it, never close it.
 */
@FunctionalInterface
public interface ReportWriter {

  /**
   * Writes {@code report} as {@code options} ask.
   *
   * @throws IOException when the stream cannot be written
   */
  void write(Report report, ReportOptions options, OutputStream out) throws IOException;
}
