package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Layout of the full Z' list that the contraction relies on to stream it in one pass. */
class SnapGradientIndexTest {
    @Test
    void contractionTasksOfOneDensityReadTheZListFrontToBackOnce() {
        for (int tj = 0; tj <= 10; tj++) {
            SnapGradientIndex gx = SnapGradientIndex.of(tj);
            SnapGradientIndex.Tasks tasks = gx.tasks(1);
            int next = 0;
            for (int t = 0; t < tasks.size(); t++) {
                assertEquals(next, tasks.z()[t], "2J=" + tj + " task " + t + " starts where the previous block ended");
                next += tasks.len()[t];
            }
            assertEquals(gx.zMax, next, "2J=" + tj + ": every Z' block read once");
        }
    }

    @Test
    void blocksAreOrderedByLayerAndEveryValidTripleHasOne() {
        for (int tj = 0; tj <= 10; tj++) {
            SnapGradientIndex gx = SnapGradientIndex.of(tj);
            int jdim = tj + 1, lastJ = -1, lastStart = -1, count = 0;
            for (int j = 0; j <= tj; j++) {
                for (int j1 = 0; j1 <= tj; j1++) {
                    for (int j2 = 0; j2 <= tj; j2++) {
                        int at = gx.zBlock[(j1 * jdim + j2) * jdim + j];
                        boolean valid = j2 <= j1 && j >= j1 - j2 && j <= Math.min(tj, j1 + j2) && (j1 + j2 + j) % 2 == 0;
                        assertEquals(valid, at >= 0, "2J=" + tj + " block " + j1 + "," + j2 + "," + j);
                        if (!valid) continue;
                        assertTrue(j >= lastJ && at > lastStart, "blocks in layer order at " + j1 + "," + j2 + "," + j);
                        lastJ = j;
                        lastStart = at;
                        count += gx.halfLen[j];
                    }
                }
            }
            assertEquals(gx.zMax, count);
        }
    }
}
