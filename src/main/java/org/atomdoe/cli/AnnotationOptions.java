package org.atomdoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code select} and {@code assess} show informativeness: an annotated extxyz and pictures. */
final class AnnotationOptions {
    @Option(names = "--annotated", paramLabel = "OUT.xyz",
            description = "The pool (or, for assess without --pool, the training set) with doe_leverage, doe_gain, "
                    + "doe_gamma, doe_selected, doe_rank per frame (assess also adds a per-atom doe_gamma column).")
    Path annotated;

    @Option(names = "--plots", paramLabel = "BASE", description = "Write BASE_leverage, BASE_pca and BASE_spectrum as PNG and SVG.")
    Path plots;
}
