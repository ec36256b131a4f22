package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses descriptor spec strings {@code name[:key=value,key=value...]} (the CLI's {@code --descriptor})
 * through a registry of factories, so that other descriptors (e.g. {@code snap}) plug in with
 * {@link #register}.
 *
 * <p>Built in (keys accept the DScribe spelling with underscores or without):
 * <ul>
 * <li>{@code soap:rcut=5,nmax=8,lmax=6,sigma=1[,rbf=gto|polynomial][,average=off|inner][,periodic=true][,normalize=false]}
 *     (defaults: rcut 5, nmax 8, lmax 6, sigma 1, gto, off, periodic, not normalised);
 * <li>{@code acsf:rcut=5[,g2=eta/Rs;eta/Rs...][,g3=kappa;...][,g4=eta/zeta/lambda;...][,g5=...][,periodic=true]};
 *     without any g2..g5 the 27-function set of the DScribe benchmark ({@link AcsfSettings#dscribeBenchmarkSet});
 * <li>{@code snap:twojmax=6,rcutfac=4.7,rfac0=0.99363,rmin0=0[,radelem=0.5+0.5][,wj=1+1][,bzeroflag=true]
 *     [,switchflag=true][,quadraticflag=false][,chemflag=false][,bnormflag=false]} (LAMMPS {@code compute sna/atom}
 *     names and defaults; per-species values in species order joined by {@code +});
 * <li>{@code radial:rcut=5,nmax=8[,periodic=true]}.
 * </ul>
 * Every spec also takes {@code species=A+B+...}; otherwise the species passed to {@link #parse}
 * (typically every species of the pool) are used.
 */
public final class DescriptorSpecs {
    /** Creates a descriptor from the options of a spec (keys lower-cased, underscores removed). */
    @FunctionalInterface
    public interface Factory {
        Descriptor create(Options options, List<String> species);
    }

    private static final Map<String, Factory> REGISTRY = new ConcurrentHashMap<>();

    static {
        register("soap", (o, sp) -> new SoapPowerSpectrum(new SoapSettings(
                o.real("rcut", 5.0), o.integer("nmax", 8), o.integer("lmax", 6), o.real("sigma", 1.0),
                o.string("rbf", "gto"), o.string("average", "off"), o.bool("periodic", true), sp, o.bool("normalize", false))));
        register("acsf", (o, sp) -> {
            double rc = o.real("rcut", 5.0);
            boolean periodic = o.bool("periodic", true);
            if (!o.has("g2") && !o.has("g3") && !o.has("g4") && !o.has("g5")) {
                return new Acsf(AcsfSettings.dscribeBenchmarkSet(rc, sp, periodic));
            }
            double[][] g3 = o.table("g3", 1);
            double[] kappa = new double[g3.length];
            for (int i = 0; i < g3.length; i++) kappa[i] = g3[i][0];
            return new Acsf(new AcsfSettings(rc, o.table("g2", 2), kappa, o.table("g4", 3), o.table("g5", 3), sp, periodic));
        });
        register("snap", (o, sp) -> {
            double[] radelem = perSpecies(o, "radelem", 0.5, sp.size());
            double[] wj = perSpecies(o, "wj", 1.0, sp.size());
            List<Double> r = new ArrayList<>(), w = new ArrayList<>();
            for (int k = 0; k < sp.size(); k++) {
                r.add(radelem[k]);
                w.add(wj[k]);
            }
            return new SnapBispectrum(new SnapSettings(sp, o.real("rcutfac", 4.7), o.real("rfac0", 0.99363), o.real("rmin0", 0.0),
                    o.integer("twojmax", 6), r, w, o.bool("switchflag", true), o.bool("bzeroflag", true),
                    o.bool("quadraticflag", false), o.bool("chemflag", false), o.bool("bnormflag", false),
                    o.bool("wselfallflag", false)));
        });
        register("radial", (o, sp) -> new PairRadialBasis(new RadialSettings(o.real("rcut", 5.0), o.integer("nmax", 8), sp, o.bool("periodic", true))));
    }

    private DescriptorSpecs() {}

    /** A per-species list {@code a+b+...} in species order, or one value for every species. */
    private static double[] perSpecies(Options o, String key, double def, int n) {
        String v = o.string(key, null);
        double[] out = new double[n];
        java.util.Arrays.fill(out, def);
        if (v == null) return out;
        String[] parts = v.split("\\+");
        if (parts.length != 1 && parts.length != n) {
            throw new IllegalArgumentException("descriptor 'snap': " + key + " needs one value or one per species (" + n
                    + ", joined by '+'), got '" + v + "'");
        }
        for (int k = 0; k < n; k++) {
            try {
                out[k] = Double.parseDouble(parts[parts.length == 1 ? 0 : k].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("descriptor 'snap': " + key + " value '" + parts[k] + "' is not a number");
            }
        }
        return out;
    }

    /** Adds (or replaces) the factory for {@code name}. */
    public static void register(String name, Factory factory) {
        REGISTRY.put(name.toLowerCase(Locale.ROOT), factory);
    }

    /** Registered descriptor names. */
    public static Set<String> names() {
        return new TreeSet<>(REGISTRY.keySet());
    }

    /**
     * The descriptor of {@code spec}, e.g. {@code soap:rcut=5,nmax=8,lmax=6,sigma=1}.
     *
     * @param defaultSpecies species channels unless the spec gives {@code species=...}
     */
    public static Descriptor parse(String spec, List<String> defaultSpecies) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty descriptor spec; expected e.g. soap:rcut=5,nmax=8,lmax=6,sigma=1");
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        Factory f = REGISTRY.get(name);
        if (f == null) throw new IllegalArgumentException("unknown descriptor '" + name + "', expected one of " + names());
        Options o = Options.parse(name, colon < 0 ? "" : spec.substring(colon + 1));
        List<String> species = o.has("species") ? Arrays.asList(o.string("species", "").split("\\+")) : defaultSpecies;
        if (species == null || species.isEmpty()) throw new IllegalArgumentException("descriptor '" + name + "' needs species (species=A+B or from the pool)");
        Descriptor d = f.create(o, species);
        o.checkAllUsed();
        return d;
    }

    /** The key/value options of one spec; reading marks a key used, unused keys are an error. */
    public static final class Options {
        private final String name;
        private final Map<String, String> values;
        private final Set<String> used = new TreeSet<>();

        private Options(String name, Map<String, String> values) {
            this.name = name;
            this.values = values;
            used.add("species");
        }

        static Options parse(String name, String body) {
            Map<String, String> m = new LinkedHashMap<>();
            if (!body.isBlank()) {
                for (String part : body.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) throw new IllegalArgumentException("descriptor '" + name + "': expected key=value, got '" + part + "'");
                    String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace("_", "");
                    if (m.put(key, part.substring(eq + 1).trim()) != null) throw new IllegalArgumentException("descriptor '" + name + "': key '" + key + "' given twice");
                }
            }
            return new Options(name, m);
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }

        public String string(String key, String def) {
            used.add(key);
            return values.getOrDefault(key, def);
        }

        public double real(String key, double def) {
            String v = string(key, null);
            if (v == null) return def;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("descriptor '" + name + "': " + key + " must be a number, got '" + v + "'");
            }
        }

        public int integer(String key, int def) {
            String v = string(key, null);
            if (v == null) return def;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("descriptor '" + name + "': " + key + " must be an integer, got '" + v + "'");
            }
        }

        public boolean bool(String key, boolean def) {
            String v = string(key, null);
            if (v == null) return def;
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException("descriptor '" + name + "': " + key + " must be true or false, got '" + v + "'");
            };
        }

        /** Rows separated by {@code ;}, values by {@code /}, each row {@code width} numbers. */
        public double[][] table(String key, int width) {
            String v = string(key, null);
            if (v == null || v.isBlank()) return new double[0][];
            List<double[]> rows = new ArrayList<>();
            for (String row : v.split(";")) {
                String[] f = row.split("/");
                if (f.length != width) throw new IllegalArgumentException("descriptor '" + name + "': each " + key + " entry needs " + width + " numbers separated by '/', got '" + row + "'");
                double[] r = new double[width];
                for (int i = 0; i < width; i++) {
                    try {
                        r[i] = Double.parseDouble(f[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("descriptor '" + name + "': " + key + " value '" + f[i] + "' is not a number");
                    }
                }
                rows.add(r);
            }
            return rows.toArray(new double[0][]);
        }

        void checkAllUsed() {
            for (String k : values.keySet()) {
                if (!used.contains(k)) throw new IllegalArgumentException("descriptor '" + name + "': unknown option '" + k + "' (known: " + used + ")");
            }
        }
    }
}
