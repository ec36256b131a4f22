package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.atomdoe.structure.Structure;

/**
 * Coverage-guided fuzzing of {@link ExtXyzReader} (Jazzer): on any bytes, plain or gzip, the
 * reader returns frames or throws {@link InputFormatException} naming the source; no other
 * exception, no OutOfMemoryError from a declared count, no hang. The line buffer starts at 64 bytes
 * so that lines crossing buffer refills and growth are exercised too.
 *
 * <p>Without {@code JAZZER_FUZZ} (the normal suite) this replays the seed corpus and past findings
 * in {@code src/test/resources/org/atomdoe/io/ExtXyzReaderFuzzTestInputs/fuzz}; the suite's
 * {@code fuzz} execution sets {@code JAZZER_FUZZ=1} and fuzzes for a few seconds. A campaign:
 * {@code mvn test -Dfuzz.seconds=600 -Dtest=ExtXyzReaderFuzzTest} (see RELIABILITY.md).
 */
class ExtXyzReaderFuzzTest {
    /** Upper bound on frames read per input, so that a gzip bomb of empty frames cannot stall the fuzzer. */
    private static final int MAX_FRAMES = 10_000;

    @FuzzTest(maxDuration = "4s")
    @DictionaryEntries({"Lattice=\"", "Properties=", "species:S:1", "pos:R:3", ":R:3", ":I:1", ":L:1", ":S:1", "Z:I:1",
            "pbc=", "T T T", "F F F", "energy=", "stress=", "config_type=", "forces:R:3", "'", "{", "[", "nan", "inf",
            "1e308", "-0.0"})
    // (no lone quote or line break: they break the dictionary file libFuzzer reads)
    void fuzz(byte[] data) {
        check(data);
    }

    /** The property itself, shared by the suite and the standalone campaign driver. */
    static void check(byte[] data) {
        try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(data), "fuzz.xyz", 64)) {
            long lastEnd = 0;
            for (int k = 0; k < MAX_FRAMES; k++) {
                Structure s = r.next();
                if (s == null) break;
                // what a successful read promises: finite positions, species in the table, ranges in order
                for (int i = 0; i < s.natoms(); i++) {
                    assertTrue(Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && Double.isFinite(s.z()[i]));
                    assertTrue(s.species()[i] >= 0 && s.species()[i] < s.speciesCount());
                }
                assertEquals(k, r.frameIndex());
                assertTrue(r.frameOffset() >= lastEnd && r.frameLength() > 0, "frame byte ranges in order");
                lastEnd = r.frameOffset() + r.frameLength();
            }
        } catch (InputFormatException e) {
            assertEquals("fuzz.xyz", e.source(), "the error names the source");
            assertTrue(e.getMessage().startsWith("fuzz.xyz"), e.getMessage());
            assertTrue(e.getMessage().length() < 2000, "messages stay short: " + e.getMessage().length() + " chars");
        } catch (IOException e) {
            throw new AssertionError("an in-memory stream cannot fail with I/O", e);
        }
    }
}
