package org.atomdoe.bench;

import java.util.concurrent.TimeUnit;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.neighbors.ParallelNeighbors;
import org.atomdoe.structure.Structure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One operation = the complete neighbour list (cutoff 5.0 Å, 26 neighbours per atom full, 13 half)
 * of the bcc W box of {@link BccTungstenBox}, into a warm reusable {@link NeighborList}.
 * {@code threads = 1}: {@link CellList}; {@code threads = 2}: {@link ParallelNeighbors} splitting
 * the centres of the one box. Atoms/s = atoms / (time per op).
 *
 * <p>One op is a single long call (tens of ms), so C2 compiles the search loop late (by OSR, and
 * later still on a busy machine): the warm-up is 6 x 2 s; shorter warm-ups measure the interpreter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
public class NeighborListBenchmark {
    @Param({"16000", "128000"})
    public int atoms;

    @Param({"full", "half"})
    public String list;

    @Param({"1", "2"})
    public int threads;

    private Structure box;
    private boolean half;
    private CellList cells;
    private ParallelNeighbors parallel;
    private NeighborList out;

    @Setup(Level.Trial)
    public void setUp() {
        box = BccTungstenBox.ofAtoms(atoms);
        half = list.equals("half");
        cells = new CellList();
        parallel = threads > 1 ? new ParallelNeighbors(threads) : null;
        out = new NeighborList();
        build();
        int perAtom = half ? 13 : 26;
        // a few fifth-shell pairs (5.25 Å) come inside 5.0 Å through the random displacements
        if (Math.abs(out.size() - perAtom * atoms) > atoms / 100) {
            throw new IllegalStateException("expected about " + perAtom * atoms + " entries, got " + out.size());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (parallel != null) parallel.close();
    }

    @Benchmark
    public NeighborList build() {
        if (parallel == null) cells.build(box, 5.0, half, out);
        else parallel.build(box, 5.0, half, out);
        return out;
    }
}
