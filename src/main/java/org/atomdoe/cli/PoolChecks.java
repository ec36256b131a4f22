package org.atomdoe.cli;

import org.atomdoe.io.InputFormatException;
import org.atomdoe.io.Pool;

/**
 * Checks that a pool can be used at all, with a message naming the file, before any descriptor
 * or design work: a pool without frames, or (for designs, whose rows are divided by the atom count)
 * a frame without atoms.
 */
final class PoolChecks {
    private PoolChecks() {}

    /** Throws a usage error when {@code pool} has no frames; {@code role} names it ("pool", "training set"). */
    static void nonEmpty(Pool pool, String role) {
        if (pool.size() == 0) {
            throw new Main.UsageException("the " + role + " " + pool.source() + " has no frames");
        }
    }

    /** As {@link #nonEmpty}, and every frame has at least one atom (an input error at the frame's line otherwise). */
    static void designable(Pool pool, String role) {
        nonEmpty(pool, role);
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i).natoms() == 0) {
                throw new InputFormatException(pool.source().toString(), pool.line(i), "expected at least one atom in every frame of the "
                        + role + " (design rows are per atom), found frame " + i + " with none");
            }
        }
    }
}
