package org.atomdoe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report written section by section is the text Jackson writes for the whole tree. */
class RunReportTest {
    record Part(String name, double[] values, List<Integer> ids) {}

    @Test
    void writtenTextEqualsJacksonsIndentedTree(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.xyz");
        Files.writeString(input, "1\n\nH 0 0 0\n");
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("text", "line one\nline \"two\"");
        nested.put("empty", Map.of());
        nested.put("none", null);
        nested.put("list", List.of(List.of(1, 2), List.of()));
        double[] big = new double[1000];
        for (int i = 0; i < big.length; i++) big[i] = Math.sqrt(i) - 7;
        RunReport rep = new RunReport("9.9", "test");
        rep.setting("n", 5).setting("spec", "snap:twojmax=4").setting("nested", nested).setting("nothing", null);
        rep.input("pool", input, 1, 1);
        rep.put("selected", new int[] {3, 1, 2});
        rep.put("values", big);
        rep.put("nested", nested);
        rep.put("part", new Part("p", new double[] {1.5, -0.0, 1e-300}, List.of(7, 8)));
        rep.put("emptyList", List.of());
        rep.put("selected", new int[] {4}); // replaced in place
        rep.timing("read", 0.25).timing("design", 1.0 / 3);

        // the tree the report used to keep, in the same order
        ObjectNode root = RunReport.MAPPER.createObjectNode();
        root.put("version", "9.9");
        root.put("command", "test");
        ObjectNode settings = root.putObject("settings");
        settings.set("n", RunReport.MAPPER.valueToTree(5));
        settings.set("spec", RunReport.MAPPER.valueToTree("snap:twojmax=4"));
        settings.set("nested", RunReport.MAPPER.valueToTree(nested));
        settings.set("nothing", RunReport.MAPPER.valueToTree(null));
        root.set("inputs", RunReport.MAPPER.valueToTree(List.of(rep.json().get("inputs").get(0))));
        root.set("selected", RunReport.MAPPER.valueToTree(new int[] {4}));
        root.set("values", RunReport.MAPPER.valueToTree(big));
        root.set("nested", RunReport.MAPPER.valueToTree(nested));
        root.set("part", RunReport.MAPPER.valueToTree(new Part("p", new double[] {1.5, -0.0, 1e-300}, List.of(7, 8))));
        root.set("emptyList", RunReport.MAPPER.valueToTree(List.of()));
        ObjectNode timings = root.putObject("timings");
        timings.put("read", 0.25);
        timings.put("design", 1.0 / 3);
        String expected = RunReport.MAPPER.writeValueAsString(root);
        assertEquals(expected, rep.toJson());
        Path out = dir.resolve("r.json");
        rep.write(out);
        assertEquals(expected + "\n", Files.readString(out));
        assertEquals(Files.size(input), 11);
        assertThrows(IllegalArgumentException.class, () -> rep.put("timings", 1));
    }
}
