package org.atomdoe.cli;

/** Wall-clock seconds since the last lap, for the {@code timings} of reports. */
final class Stopwatch {
    private long last = System.nanoTime();

    /** Seconds since the previous call (or creation), and restarts. */
    double lap() {
        long now = System.nanoTime();
        double s = (now - last) * 1e-9;
        last = now;
        return s;
    }
}
