package org.atomdoe.kernel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a sparse GP (GAP-like) energy model and of designs for it, parsed from
 * {@code kernel:DESCRIPTOR[,key=value...]}, e.g. {@code kernel:soap,zeta=4,sparse=2000}.
 *
 * <p>Keys: {@code zeta} (dot-product kernel power, default 4) or {@code se=LENGTH}
 * (squared-exponential kernel instead); {@code sparse} (number of sparse environments M, default
 * 500); {@code sparse-method} ({@code greedy} = pivoted-Cholesky log det, {@code cur}, {@code random};
 * default greedy); {@code seed} (of CUR and random sparse points, default 0); {@code sigma}
 * (energy noise, eV/atom, default 0.002) and {@code delta} (prior energy scale of the kernel,
 * eV/atom, default 1), whose ratio gives the ridge {@code lambda = (sigma / delta)^2} of designs
 * on whitened rows (GAP's {@code default_sigma} and {@code delta}; Bartók &amp; Csányi 2015, sec. 6;
 * Deringer et al., Chem. Rev. 121, 10073 (2021), sec. 3); {@code jitter} (added to the diagonal of
 * {@code K_ZZ}, default 1e-8, GAP's {@code sparse_jitter}); {@code design} ({@code phi}: the
 * linear design engine on the configurations' whitened rows, default; {@code direct}:
 * {@code log det (K_CC + noise I)} on the normalised configuration kernel; {@code fps}: kernel
 * farthest-point); {@code noise} (the noise of the direct design on the unit-diagonal
 * configuration kernel, default lambda).
 *
 * @param descriptor   descriptor family or spec the kernel acts on (e.g. {@code soap})
 * @param kernel       the atomic kernel
 * @param sparse       number of sparse environments
 * @param sparseMethod how they are chosen
 * @param seed         seed of CUR and random sparse points
 * @param sigma        energy noise per atom (eV/atom)
 * @param delta        prior energy scale per atom (eV/atom)
 * @param jitter       diagonal jitter of {@code K_ZZ}
 * @param design       {@code phi}, {@code direct} or {@code fps}
 * @param noise        noise of the direct design (null: lambda)
 */
public record KernelModelSpec(String descriptor, Kernel kernel, int sparse, SparsePoints.Method sparseMethod, long seed,
                              double sigma, double delta, double jitter, String design, Double noise) {
    public KernelModelSpec {
        if (descriptor == null || descriptor.isBlank()) throw new IllegalArgumentException("the kernel model needs a descriptor, e.g. kernel:soap");
        if (sparse < 1) throw new IllegalArgumentException("sparse must be >= 1, got " + sparse);
        if (!(sigma > 0) || !(delta > 0) || !Double.isFinite(sigma) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("sigma and delta must be positive, got " + sigma + " and " + delta);
        }
        if (!(jitter >= 0) || !Double.isFinite(jitter)) throw new IllegalArgumentException("jitter must be >= 0, got " + jitter);
        if (!design.equals("phi") && !design.equals("direct") && !design.equals("fps")) {
            throw new IllegalArgumentException("design must be phi, direct or fps, got '" + design + "'");
        }
        if (noise != null && !(noise > 0)) throw new IllegalArgumentException("noise must be > 0, got " + noise);
    }

    /** Whether a {@code --model} value names a kernel model. */
    public static boolean isKernel(String model) {
        return model != null && model.trim().toLowerCase(Locale.ROOT).startsWith("kernel");
    }

    /** Parses {@code kernel:DESCRIPTOR[,key=value...]}; see the class comment for the keys. */
    public static KernelModelSpec parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (!isKernel(s)) throw new IllegalArgumentException("a kernel model is written kernel:soap[,zeta=4,sparse=500,...], got '" + spec + "'");
        String body = s.length() > 6 && s.charAt(6) == ':' ? s.substring(7) : s.substring(6);
        Map<String, String> kv = new LinkedHashMap<>();
        String descriptor = "soap";
        String[] parts = body.isEmpty() ? new String[0] : body.split(",");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (i != 0) throw new IllegalArgumentException("kernel model: expected key=value, got '" + p + "'");
                descriptor = p;
                continue;
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (kv.put(key, p.substring(eq + 1).trim()) != null) throw new IllegalArgumentException("kernel model: key '" + key + "' given twice");
        }
        try {
            Kernel kernel = kv.containsKey("se") ? new Kernel.SquaredExponential(Double.parseDouble(kv.remove("se")))
                    : new Kernel.DotProduct(Integer.parseInt(kv.getOrDefault("zeta", "4")));
            kv.remove("zeta");
            int sparse = Integer.parseInt(orDefault(kv, "sparse", "500"));
            SparsePoints.Method method = SparsePoints.Method.parse(orDefault(kv, "sparse-method", "greedy"));
            long seed = Long.parseLong(orDefault(kv, "seed", "0"));
            double sigma = Double.parseDouble(orDefault(kv, "sigma", "0.002"));
            double delta = Double.parseDouble(orDefault(kv, "delta", "1"));
            double jitter = Double.parseDouble(orDefault(kv, "jitter", "1e-8"));
            String design = orDefault(kv, "design", "phi").toLowerCase(Locale.ROOT);
            String n = kv.remove("noise");
            Double noise = n == null ? null : Double.parseDouble(n);
            if (!kv.isEmpty()) {
                throw new IllegalArgumentException("kernel model: unknown key(s) " + kv.keySet()
                        + "; known: zeta, se, sparse, sparse-method, seed, sigma, delta, jitter, design, noise");
            }
            return new KernelModelSpec(descriptor, kernel, sparse, method, seed, sigma, delta, jitter, design, noise);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel model: a number was expected: " + e.getMessage());
        }
    }

    private static String orDefault(Map<String, String> kv, String key, String def) {
        String v = kv.remove(key);
        return v == null ? def : v;
    }

    /** Ridge of designs on whitened rows: {@code (sigma / delta)^2}. */
    public double lambda() {
        return (sigma / delta) * (sigma / delta);
    }

    /** Noise of the direct design on the normalised configuration kernel. */
    public double designNoise() {
        return noise != null ? noise : lambda();
    }

    /**
     * The descriptor spec to use: {@code given} when it names this spec's descriptor family (so
     * {@code --descriptor soap:rcut=4,...} refines {@code kernel:soap}), else the family with its
     * defaults.
     */
    public String descriptorSpec(String given) {
        if (given != null) {
            String family = given.startsWith("@") ? "" : given.split(":", 2)[0].trim();
            if (family.equalsIgnoreCase(descriptor.split(":", 2)[0].trim())) return given;
        }
        return descriptor;
    }

    /** A one-line description for reports. */
    public String describe() {
        return "sparse GP on " + descriptor + ", " + kernel.describe() + ", " + sparse + " sparse points (" + sparseMethod.label()
                + "), sigma/delta = " + sigma + "/" + delta;
    }
}
