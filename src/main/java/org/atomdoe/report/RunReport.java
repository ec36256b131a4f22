package org.atomdoe.report;

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
 *
 * <p>Sections are kept as their serialised JSON bytes, not as a tree: a per-candidate section of a
 * pool of 300,000 frames is tens of MB as text but ten times that as {@code JsonNode}s, which used
 * to be the peak of {@code assess} on a large pool. The file is the same text Jackson's indented
 * writer gives for the whole tree.
 */
public final class RunReport {
    /** The mapper every report uses: indented, records and maps as JSON objects. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final String version, command;
    private final ObjectNode settings = MAPPER.createObjectNode();
    private final ArrayNode inputs = MAPPER.createArrayNode();
    private final ObjectNode timings = MAPPER.createObjectNode();
    /** Sections added by {@link #put}, serialised (and indented one level) when added, in order. */
    private final java.util.LinkedHashMap<String, byte[]> sections = new java.util.LinkedHashMap<>();

    public RunReport(String version, String command) {
        this.version = version;
        this.command = command;
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
        if (java.util.List.of("version", "command", "settings", "inputs", "timings").contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is written by the report itself");
        }
        try {
            sections.put(key, nested(MAPPER.writeValueAsBytes(value)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("section '" + key + "' cannot be written as JSON: " + e.getMessage(), e);
        }
        return this;
    }

    /** Indented JSON moved one level in: every line after the first gets two more spaces. */
    private static byte[] nested(byte[] json) {
        int lines = 0;
        for (byte b : json) if (b == '\n') lines++;
        byte[] out = new byte[json.length + 2 * lines];
        int k = 0;
        for (byte b : json) {
            out[k++] = b;
            if (b == '\n') {
                out[k++] = ' ';
                out[k++] = ' ';
            }
        }
        return out;
    }

    /** The whole report as a tree (small reports, tests). */
    public ObjectNode json() throws IOException {
        return (ObjectNode) MAPPER.readTree(toJson());
    }

    public String toJson() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The report as indented JSON, field by field: version, command, settings, inputs, the sections, timings. */
    private void writeTo(java.io.OutputStream out) throws IOException {
        java.util.LinkedHashMap<String, byte[]> fields = new java.util.LinkedHashMap<>();
        fields.put("version", MAPPER.writeValueAsBytes(version));
        fields.put("command", MAPPER.writeValueAsBytes(command));
        fields.put("settings", nested(MAPPER.writeValueAsBytes(settings)));
        fields.put("inputs", nested(MAPPER.writeValueAsBytes(inputs)));
        fields.putAll(sections);
        fields.put("timings", nested(MAPPER.writeValueAsBytes(timings))); // last, for readability
        out.write('{');
        boolean first = true;
        for (java.util.Map.Entry<String, byte[]> e : fields.entrySet()) {
            out.write((first ? "\n  " : ",\n  ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(MAPPER.writeValueAsBytes(e.getKey()));
            out.write(" : ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(e.getValue());
            first = false;
        }
        out.write("\n}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Writes the report atomically, straight from the serialised sections (no whole-report string). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            writeTo(out);
            out.write('\n');
        });
    }
}
