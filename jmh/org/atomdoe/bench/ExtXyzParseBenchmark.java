package org.atomdoe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Extended-XYZ parse throughput. One op = parse the whole file into {@link Structure}s
 * (single thread, streaming). Default file: the 62 MB W-Be pool (25,422 frames); MB/s = file
 * size / time per op. Reference: ASE 3.22 {@code ase.io.read(..., ':')} reads it at 11.9 MB/s
 * on this machine kind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExtXyzParseBenchmark {
    @Param({"../shared/data/wbe_snap_wood2019/WBe_all.xyz"})
    public String file;

    private Path path;

    @Setup
    public void setup() throws IOException {
        path = Path.of(file);
        if (!Files.exists(path)) path = Path.of("data/Si_train.xyz");
        // warm the page cache so the op measures parsing, not the disk
        Files.readAllBytes(path);
    }

    @Benchmark
    public long parseWholeFile() throws IOException {
        long atoms = 0;
        try (ExtXyzReader r = ExtXyzReader.open(path)) {
            for (Structure s; (s = r.next()) != null; ) atoms += s.natoms();
        }
        return atoms;
    }
}
