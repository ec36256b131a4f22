package org.atomdoe.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atomdoe.io.ExtXyzChunks;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Structure;

/**
 * What a pool file holds, gathered in one streaming pass with memory bounded by one frame: the
 * numbers {@code atomdoe info} shows. Serialisable with Jackson as it stands.
 *
 * @param file            the path as given
 * @param frames          number of frames
 * @param atoms           total atoms
 * @param minAtoms        smallest frame
 * @param maxAtoms        largest frame
 * @param species         atoms per species symbol
 * @param configTypes     frames per {@code config_type} ("(none)" for frames without one)
 * @param infoKeys        frames per info key
 * @param arrays          frames per per-atom array, keyed {@code name:type:ncols}
 * @param withEnergy      frames with an energy
 * @param withForces      frames with forces
 * @param withStress      frames with a stress
 * @param periodicFrames  frames periodic along at least one axis
 * @param bytes           (decompressed) bytes read
 * @param readSeconds     wall time of the pass, parsing included
 */
public record PoolSummary(String file, int frames, long atoms, int minAtoms, int maxAtoms,
                          Map<String, Long> species, Map<String, Integer> configTypes,
                          Map<String, Integer> infoKeys, Map<String, Integer> arrays,
                          int withEnergy, int withForces, int withStress, int periodicFrames,
                          long bytes, double readSeconds) {

    /** Reads {@code path} once, on one thread, and summarises it. */
    public static PoolSummary of(Path path) throws IOException {
        return of(path, 1);
    }

    /**
     * Reads {@code path} once and summarises it; an uncompressed file is split at frame boundaries
     * ({@link ExtXyzChunks}) and parsed on {@code threads} threads.
     */
    public static PoolSummary of(Path path, int threads) throws IOException {
        long t0 = System.nanoTime();
        Tally total = new Tally();
        boolean parallel = threads > 1 && !path.toString().equals("-") && !isGzip(path) && Files.size(path) > (1 << 20);
        if (!parallel) {
            try (ExtXyzReader r = ExtXyzReader.open(path)) {
                total.read(r);
            }
        } else {
            List<ExtXyzChunks.Chunk> chunks = ExtXyzChunks.split(path, threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Tally>> parts = new ArrayList<>();
                for (ExtXyzChunks.Chunk c : chunks) {
                    parts.add(pool.submit(() -> {
                        Tally t = new Tally();
                        try (ExtXyzReader r = new ExtXyzReader(ExtXyzChunks.open(path, c), path.toString(), c.firstLine(), c.start())) {
                            t.read(r);
                        }
                        return t;
                    }));
                }
                for (Future<Tally> f : parts) total.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        return new PoolSummary(path.toString(), total.frames, total.atoms, total.frames == 0 ? 0 : total.minAtoms, total.maxAtoms,
                total.species, total.configTypes, total.infoKeys, total.arrays, total.energy, total.forces, total.stress,
                total.periodic, total.bytes, secs);
    }

    private static boolean isGzip(Path p) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Counts of one part of a file; parts add up. */
    private static final class Tally {
        int frames, minAtoms = Integer.MAX_VALUE, maxAtoms, energy, forces, stress, periodic;
        long atoms, bytes;
        final Map<String, Long> species = new TreeMap<>();
        final Map<String, Integer> configTypes = new TreeMap<>();
        final Map<String, Integer> infoKeys = new TreeMap<>();
        final Map<String, Integer> arrays = new TreeMap<>();

        void read(ExtXyzReader r) {
            for (Structure s; (s = r.next()) != null; ) {
                frames++;
                atoms += s.natoms();
                minAtoms = Math.min(minAtoms, s.natoms());
                maxAtoms = Math.max(maxAtoms, s.natoms());
                String[] sym = s.speciesSymbols();
                int[] counts = s.speciesCounts();
                for (int k = 0; k < sym.length; k++) species.merge(sym[k], (long) counts[k], Long::sum);
                String ct = s.configType();
                configTypes.merge(ct == null ? "(none)" : ct, 1, Integer::sum);
                for (String key : s.info().keySet()) infoKeys.merge(key, 1, Integer::sum);
                for (Map.Entry<String, AtomArray> e : s.arrays().entrySet()) {
                    arrays.merge(e.getKey() + ":" + e.getValue().type() + ":" + e.getValue().ncols(), 1, Integer::sum);
                }
                if (s.energy().isPresent()) energy++;
                if (s.forces() != null) forces++;
                if (s.stressVoigt() != null) stress++;
                if (s.isPeriodic()) periodic++;
                bytes = r.frameOffset() + r.frameLength();
            }
        }

        void add(Tally o) {
            frames += o.frames;
            atoms += o.atoms;
            minAtoms = Math.min(minAtoms, o.minAtoms);
            maxAtoms = Math.max(maxAtoms, o.maxAtoms);
            energy += o.energy;
            forces += o.forces;
            stress += o.stress;
            periodic += o.periodic;
            bytes = Math.max(bytes, o.bytes);
            o.species.forEach((k, v) -> species.merge(k, v, Long::sum));
            o.configTypes.forEach((k, v) -> configTypes.merge(k, v, Integer::sum));
            o.infoKeys.forEach((k, v) -> infoKeys.merge(k, v, Integer::sum));
            o.arrays.forEach((k, v) -> arrays.merge(k, v, Integer::sum));
        }
    }
}
