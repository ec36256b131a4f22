package org.atomdoe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.atomdoe.io.AtomicFiles;
import org.atomdoe.io.Digests;

/**
 * The JSON report of one run, with the fields every verb shares: {@code version}, {@code command},
 * {@code settings} (every option, so that the run can be repeated), {@code inputs} (path, SHA-256,
 * frames, atoms) and {@code timings} (seconds per stage); verbs add their own sections with
 * {@link #put}. Written atomically.
 */
public final class RunReport {
    /** The mapper every report uses: indented, records and maps as JSON objects. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final ObjectNode root = MAPPER.createObjectNode();
    private final ObjectNode settings;
    private final ArrayNode inputs;
    private final ObjectNode timings;

    public RunReport(String version, String command) {
        root.put("version", version);
        root.put("command", command);
        settings = root.putObject("settings");
        inputs = root.putArray("inputs");
        timings = root.putObject("timings");
    }

    /** Records one setting (any Jackson-serialisable value). */
    public RunReport setting(String key, Object value) {
        settings.set(key, MAPPER.valueToTree(value));
        return this;
    }

    /** Records an input file with its SHA-256 and size in frames and atoms (negative counts are left out). */
    public RunReport input(String role, Path file, long frames, long atoms) throws IOException {
        ObjectNode n = inputs.addObject();
        n.put("role", role);
        n.put("path", file.toString());
        n.put("sha256", file.toString().equals("-") ? null : Digests.sha256(file));
        if (frames >= 0) n.put("frames", frames);
        if (atoms >= 0) n.put("atoms", atoms);
        return this;
    }

    /** Records the wall time of a stage (seconds). */
    public RunReport timing(String stage, double seconds) {
        timings.put(stage, seconds);
        return this;
    }

    /** Adds or replaces a top-level section. */
    public RunReport put(String key, Object value) {
        JsonNode v = MAPPER.valueToTree(value);
        if (key.equals("timings")) throw new IllegalArgumentException("use timing()");
        // keep timings last for readability
        root.remove("timings");
        root.set(key, v);
        root.set("timings", timings);
        return this;
    }

    public ObjectNode json() {
        return root;
    }

    public String toJson() throws IOException {
        return MAPPER.writeValueAsString(root);
    }

    /** Writes the report atomically. */
    public void write(Path file) throws IOException {
        String text = toJson() + "\n";
        AtomicFiles.writeString(file, text);
    }
}
