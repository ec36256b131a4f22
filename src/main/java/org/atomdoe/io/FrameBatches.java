package org.atomdoe.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atomdoe.structure.Structure;

/**
 * The frames of an extended-XYZ file in consecutive batches, so that a pass over a pool far larger
 * than the heap holds one batch at a time: a batch ends after {@code maxFrames} frames or once it
 * holds {@code maxAtoms} atoms, whichever comes first (a single larger frame is a batch of its own).
 */
public final class FrameBatches implements Closeable {
    private final ExtXyzReader reader;
    private final int maxFrames;
    private final long maxAtoms;
    private Structure pending;
    private int first, returned;

    /** Opens {@code path} ({@code -} for standard input, read once). */
    public FrameBatches(Path path, int maxFrames, long maxAtoms) throws IOException {
        if (maxFrames < 1 || maxAtoms < 1) throw new IllegalArgumentException("batches need room for a frame");
        this.reader = ExtXyzReader.open(path);
        this.maxFrames = maxFrames;
        this.maxAtoms = maxAtoms;
    }

    /** The next batch (never empty), or null after the last frame. */
    public List<Structure> next() {
        List<Structure> batch = new ArrayList<>();
        long atoms = 0;
        if (pending != null) {
            batch.add(pending);
            atoms += pending.natoms();
            pending = null;
        }
        while (batch.size() < maxFrames && atoms < maxAtoms) {
            Structure s = reader.next();
            if (s == null) break;
            if (!batch.isEmpty() && atoms + s.natoms() > maxAtoms) {
                pending = s; // starts the next batch
                break;
            }
            batch.add(s);
            atoms += s.natoms();
        }
        if (batch.isEmpty()) return null;
        first = returned;
        returned += batch.size();
        return batch;
    }

    /** Index in the file of the first frame of the batch last returned. */
    public int firstIndex() {
        return first;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
