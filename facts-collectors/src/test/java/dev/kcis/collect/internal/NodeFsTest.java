package dev.kcis.collect.internal;

import static dev.kcis.collect.Trees.link;
import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcis.collect.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class NodeFsTest {

  @TempDir
  Path dir;

  private NodeFs fs() {
    return new NodeFs(dir.resolve("root"), "the node root");
  }

  @Test
  void absoluteLinkTargetsAreTakenFromTheRootNotTheCollectingMachine() throws IOException {
    write(dir, "root/etc/kubernetes/real.conf", "inside");
    link(dir, "root/etc/kubernetes/admin.conf", "/etc/kubernetes/real.conf");
    assertEquals(dir.resolve("root/etc/kubernetes/real.conf"),
        fs().resolve("/etc/kubernetes/admin.conf"));
    assertArrayEquals("inside".getBytes(StandardCharsets.UTF_8),
        fs().read("/etc/kubernetes/admin.conf", 100));
  }

  @Test
  void relativeLinksAndDirectoryLinksResolveInside() throws IOException {
    write(dir, "root/usr/lib/systemd/system/kubelet.service", "[Service]");
    link(dir, "root/lib", "usr/lib");
    link(dir, "root/etc/unit", "../lib/systemd/system/kubelet.service");
    assertEquals("file", fs().stat("/etc/unit").orElseThrow().type());
    assertEquals(dir.resolve("root/usr/lib/systemd/system/kubelet.service"),
        fs().resolve("/lib/systemd/system/kubelet.service"));
  }

  @Test
  void aLinkClimbingAboveTheRootIsRefused() {
    write(dir, "secret-outside", "host file");
    link(dir, "root/etc/kubernetes/admin.conf", "../../../secret-outside");
    OutsideRootException e = assertThrows(OutsideRootException.class,
        () -> fs().read("/etc/kubernetes/admin.conf", 100));
    assertTrue(e.getMessage().contains("resolves outside the node root"), e.getMessage());
    assertThrows(OutsideRootException.class, () -> fs().resolve("/../secret-outside"));
  }

  @Test
  void linkLoopsEndWithAnError() {
    link(dir, "root/a", "/b");
    link(dir, "root/b", "/a");
    FileSystemException e = assertThrows(FileSystemException.class, () -> fs().resolve("/a"));
    assertEquals("too many levels of symbolic links", e.getReason());
  }

  @Test
  void missingPathsAreEmptyStatsAndNoSuchFileOnRead() throws IOException {
    write(dir, "root/etc/hostname", "n");
    assertTrue(fs().stat("/etc/kubernetes/admin.conf").isEmpty());
    assertFalse(fs().exists("/etc/kubernetes"));
    assertThrows(NoSuchFileException.class, () -> fs().read("/etc/missing", 10));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsRefusedWithoutBeingOpened() {
    Trees.fifo(dir, "root/proc/7/cmdline");
    link(dir, "root/etc/kubernetes/kubelet.conf", "/proc/7/cmdline");
    assertEquals("not a regular file (fifo)", assertThrows(FileSystemException.class,
        () -> fs().read("/proc/7/cmdline", 100)).getReason());
    assertEquals("not a regular file (fifo)", assertThrows(FileSystemException.class,
        () -> fs().read("/etc/kubernetes/kubelet.conf", 100)).getReason(), "through a link too");
  }

  @Test
  void procFilesOfSizeZeroAreReadInFull() throws IOException {
    assumeTrue(Files.isRegularFile(Path.of("/proc/self/cmdline")), "no procfs here");
    byte[] cmdline = new NodeFs(Path.of("/"), "the node root").read("/proc/self/cmdline", 1 << 20);
    assertTrue(cmdline.length > 0, "the kernel says 0 bytes; the read goes on until the end");
  }

  @Test
  void readingADirectoryOrAnOversizedFileFails() throws IOException {
    write(dir, "root/var/lib/kubelet/config.yaml/inner", "x");
    write(dir, "root/big", "0123456789");
    assertEquals("is a directory", assertThrows(FileSystemException.class,
        () -> fs().read("/var/lib/kubelet/config.yaml", 100)).getReason());
    assertEquals("10 bytes is over the input limit of 5 bytes",
        assertThrows(FileSystemException.class, () -> fs().read("/big", 5)).getReason());
    assertEquals(List.of("config.yaml"), fs().list("/var/lib/kubelet"));
  }
}
