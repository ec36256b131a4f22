package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of {@link Npy#read}: any bytes give a matrix consistent with the input
 * length or an {@link InputFormatException}; never another exception, and never an allocation
 * larger than the data the input holds (a shape of (10**12,) in a 100-byte file is an error).
 * Seeds and past findings: {@code src/test/resources/org/atomdoe/io/NpyFuzzTestInputs/fuzz}.
 */
class NpyFuzzTest {
    @FuzzTest(maxDuration = "4s")
    @DictionaryEntries({"\u0093NUMPY", "{'descr': '<f8', 'fortran_order': False, 'shape': (", "'descr'", "'shape'",
            "'fortran_order'", "True", "False", "<f4", "<i8", "<i4", ">f8", "|u1", "=f8", ", ), }", "9223372036854775807"})
    void fuzz(byte[] data) {
        check(data);
    }

    static void check(byte[] data) {
        try {
            Npy.Matrix m = Npy.read(new ByteArrayInputStream(data), "fuzz.npy", data.length);
            assertEquals((long) m.rows() * m.cols(), m.values().length);
            assertTrue((long) m.values().length * 4 <= data.length, "never more values than the bytes can hold");
        } catch (InputFormatException e) {
            assertEquals("fuzz.npy", e.source());
            assertTrue(e.getMessage().length() < 2000, "messages stay short: " + e.getMessage().length() + " chars");
        } catch (IOException e) {
            throw new AssertionError("an in-memory stream cannot fail with I/O", e);
        }
    }
}
