package org.atomdoe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The atomdoe version, from the build (Maven-filtered resource). */
public final class Version {
    private Version() {}

    /** The version string, e.g. {@code 0.1.0}. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/atomdoe/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Picocli's hook for {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"atomdoe " + get(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                    "SIMD: " + org.atomdoe.simd.VectorSupport.describe()};
        }
    }
}
