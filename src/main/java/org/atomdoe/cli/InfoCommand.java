package org.atomdoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.report.PoolSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe info POOL.xyz...}: what a pool holds, as text or JSON. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Summarise extended-XYZ pools: frames, atoms, species, config_types, info keys, "
                + "per-atom arrays, energy/force/stress availability and read time.",
        footer = {"", "Examples:", "  atomdoe info data/Si_train.xyz", "  atomdoe info --json a.xyz b.xyz.gz"})
final class InfoCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "POOL.xyz", description = "Extended-XYZ files (.gz allowed, - for stdin).")
    List<Path> files;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "Parse an uncompressed file on N threads (default: all cores for files over 256 MB, else 1: "
                    + "below that the JIT warm-up of a fresh JVM costs more than the split saves).")
    int threads;

    @Override
    public Integer call() throws Exception {
        List<PoolSummary> all = new ArrayList<>();
        for (Path f : files) all.add(PoolSummary.of(f, threadsFor(f)));
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(m.writeValueAsString(all.size() == 1 ? all.get(0) : all));
        } else {
            for (PoolSummary s : all) System.out.print(text(s));
        }
        return 0;
    }

    private int threadsFor(Path f) throws java.io.IOException {
        if (threads > 0) return threads;
        boolean big = !f.toString().equals("-") && java.nio.file.Files.size(f) > (256L << 20);
        return big ? Runtime.getRuntime().availableProcessors() : 1;
    }

    static String text(PoolSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.file()).append('\n');
        sb.append(String.format("  frames        %d (%d periodic)%n", s.frames(), s.periodicFrames()));
        sb.append(String.format("  atoms         %d (%d to %d per frame)%n", s.atoms(), s.minAtoms(), s.maxAtoms()));
        sb.append("  species       ").append(join(s.species())).append('\n');
        sb.append(String.format("  energies      %d of %d frames%n", s.withEnergy(), s.frames()));
        sb.append(String.format("  forces        %d of %d frames%n", s.withForces(), s.frames()));
        sb.append(String.format("  stress        %d of %d frames%n", s.withStress(), s.frames()));
        sb.append("  config_types  ").append(s.configTypes().size()).append(": ").append(join(s.configTypes())).append('\n');
        sb.append("  info keys     ").append(join(s.infoKeys())).append('\n');
        sb.append("  arrays        ").append(join(s.arrays())).append('\n');
        double mb = s.bytes() / 1e6;
        sb.append(String.format("  read          %.1f MB in %.3f s (%.0f MB/s)%n", mb, s.readSeconds(),
                s.readSeconds() > 0 ? mb / s.readSeconds() : 0));
        return sb.toString();
    }

    private static String join(Map<String, ? extends Number> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ? extends Number> e : m.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }
}
