package org.atomdoe.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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

    /** Reads {@code path} once and summarises it. */
    public static PoolSummary of(Path path) throws IOException {
        long t0 = System.nanoTime();
        int frames = 0, minAtoms = Integer.MAX_VALUE, maxAtoms = 0, energy = 0, forces = 0, stress = 0, periodic = 0;
        long atoms = 0, bytes = 0;
        Map<String, Long> species = new TreeMap<>();
        Map<String, Integer> configTypes = new TreeMap<>();
        Map<String, Integer> infoKeys = new TreeMap<>();
        Map<String, Integer> arrays = new TreeMap<>();
        try (ExtXyzReader r = ExtXyzReader.open(path)) {
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
        double secs = (System.nanoTime() - t0) * 1e-9;
        return new PoolSummary(path.toString(), frames, atoms, frames == 0 ? 0 : minAtoms, maxAtoms, species,
                configTypes, infoKeys, arrays, energy, forces, stress, periodic, bytes, secs);
    }
}
