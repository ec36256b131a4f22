package org.atomdoe.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several {@code atomdoe} command lines, separated by {@value #NEXT}, one after the other in one
 * JVM: the training run of the launcher's per-verb AOT caches (JDK 25, JEP 483/514: classes loaded
 * ahead of time). A cache is written by one JVM ({@code -XX:AOTCacheOutput}), so a verb whose classes
 * depend on its options (describe: SOAP and ACSF) is trained by several command lines here. Method
 * profiles (JEP 515) were recorded too but had no effect seen on the JIT (BENCHMARKS.md, branches
 * desc8 and e2e8), so {@code --repeat} is kept for experiments, not used by the launcher. Not a verb:
 * the launcher runs it with {@code -cp}.
 *
 * <p>Usage: {@code java -cp atomdoe.jar org.atomdoe.cli.Training [--repeat N] CMD... [--next CMD...]...};
 * every command line is run {@code N} times (default 1). Exits with the first non-zero exit code.
 */
public final class Training {
    static final String NEXT = "--next";

    private Training() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs every command line ({@code --repeat} times each) and returns 0, or the first non-zero exit code. */
    static int run(String... args) {
        int repeat = 1;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.size() >= 2 && rest.get(0).equals("--repeat")) {
            try {
                repeat = Integer.parseInt(rest.get(1));
            } catch (NumberFormatException e) {
                repeat = -1;
            }
            if (repeat < 1) {
                System.err.println("atomdoe training: --repeat needs a positive integer, got '" + rest.get(1) + "'");
                return Main.EXIT_USAGE;
            }
            rest = rest.subList(2, rest.size());
        }
        List<List<String>> commands = split(rest);
        if (commands.isEmpty()) {
            System.err.println("atomdoe training: no command line given");
            return Main.EXIT_USAGE;
        }
        for (List<String> cmd : commands) {
            for (int r = 0; r < repeat; r++) {
                int code = Main.run(cmd.toArray(String[]::new));
                if (code != 0) return code;
            }
        }
        return 0;
    }

    /** The command lines between {@value #NEXT} separators (empty ones dropped). */
    static List<List<String>> split(List<String> args) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String a : args) {
            if (a.equals(NEXT)) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(a);
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }
}
