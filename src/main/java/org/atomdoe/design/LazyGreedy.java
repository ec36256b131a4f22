package org.atomdoe.design;

import java.util.List;
import java.util.PriorityQueue;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.util.Progress;

/**
 * Greedy forward selection with lazy evaluation (Minoux 1978), shared by the row and the block engine: a max-heap of
 * possibly stale gains (per cost with a cost budget); the top candidate is accepted only when its gain is fresh for
 * the current step, otherwise it and the next stale tops are refreshed together as one batch. Valid for D, whose gains
 * only shrink as the design grows (log det is submodular), so a stale gain bounds the fresh one. Ties go to the lower
 * index, so the choices equal the eager greedy's.
 */
final class LazyGreedy {
    private LazyGreedy() {}

    /** Fresh gains of {@code count} candidates {@code batch[0..count)} against the current design, into {@code out}. */
    interface Scorer {
        void gains(int[] batch, int count, double[] out);
    }

    /** Adds candidate {@code j} to the design (updates whatever the scorer reads). */
    interface Acceptor {
        void accept(int j);
    }

    /**
     * Runs until {@code target} candidates are in {@code order} or none is allowed; returns whether the time limit (or
     * a stop request) ended it.
     *
     * @param initial gains of every candidate against the start design
     */
    static boolean run(int n, Settings s, double[] initial, int target, long deadline, int batchSize, Scorer scorer,
                       Acceptor acceptor, List<Integer> order, int[] groupCount, Progress progress) {
        boolean budget = !Double.isNaN(s.costBudget());
        int[] stamp = new int[n];
        PriorityQueue<double[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        for (int j = 0; j < n; j++) heap.add(new double[] {key(s, budget, j, initial[j]), j});
        double cost = 0;
        int step = 0;
        int[] batch = new int[batchSize];
        double[] fresh = new double[batchSize];
        while (order.size() < target && !heap.isEmpty()) {
            if (StopRequest.stop(deadline)) return true;
            double[] top = heap.poll();
            int j = (int) top[1];
            if (!OptimalDesign.allowed(s, j, groupCount, cost, -1)) continue; // can only get less affordable or fuller
            if (stamp[j] != step) {
                int nb = 0;
                batch[nb++] = j;
                while (nb < batchSize && !heap.isEmpty() && stamp[(int) heap.peek()[1]] != step) {
                    int q = (int) heap.poll()[1];
                    if (OptimalDesign.allowed(s, q, groupCount, cost, -1)) batch[nb++] = q;
                }
                scorer.gains(batch, nb, fresh);
                for (int b = 0; b < nb; b++) {
                    stamp[batch[b]] = step;
                    heap.add(new double[] {key(s, budget, batch[b], fresh[b]), batch[b]});
                }
                continue;
            }
            order.add(j);
            acceptor.accept(j);
            cost += s.costs() == null ? 1 : s.costs()[j];
            if (groupCount != null && s.groups()[j] >= 0) groupCount[s.groups()[j]]++;
            step++;
            progress.advance(1);
        }
        return false;
    }

    /** The heap key: the gain, or the gain per cost with a cost budget. */
    static double key(Settings s, boolean budget, int j, double gain) {
        return budget && s.costs() != null ? gain / Math.max(s.costs()[j], 1e-300) : gain;
    }
}
