package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemp(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.json");
        AtomicFiles.writeString(target, "old complete content");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("old complete content", Files.readString(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void successfulWriteReplaces(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub/out.txt");
        AtomicFiles.writeString(target, "a");
        AtomicFiles.writeString(target, "b");
        assertEquals("b", Files.readString(target));
    }

    @Test
    void outputsAreReadableLikeOrdinaryFilesAndKeepTheirPermissions(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("new.txt");
        AtomicFiles.writeString(target, "a");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "a new output is not owner-only like the temporary file it was written to");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(target, "b");
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
