package org.atomdoe.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file so that it is either the old file or the complete new one, never half:
 * the content goes to a temporary file in the same folder, which is forced to disk and then
 * moved over the target in one atomic rename. A process stopped by SIGINT or SIGTERM while
 * writing removes its temporary files on the way out (shutdown hook); only SIGKILL or a crash can
 * leave one behind (a hidden {@code .NAME.*.tmp} next to the target), never a half-written target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Temporary files being written now, removed by the shutdown hook if the JVM exits mid-write. */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // exiting anyway: a leftover hidden temp file is harmless
                }
            }
        }, "atomdoe-temp-cleanup"));
    }

    /** What writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically; on any failure the temporary file is removed and the old target kept. */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        IN_FLIGHT.add(tmp);
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                 java.io.BufferedOutputStream buf = new java.io.BufferedOutputStream(out, 1 << 16)) {
                content.writeTo(buf);
                buf.flush();
            }
            try (java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                fc.force(true);
            }
            permissionsLike(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Temporary files are created owner-only (0600); the result should look like any other output: the permissions of
     * the file it replaces, or {@code rw-r--r--} for a new one (the usual umask 022 result). No-op off POSIX.
     */
    private static void permissionsLike(Path target, Path tmp) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: keep the default
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
