package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar streamsim-reference.jar [--in-memory-stores] MANIFEST}: runs each case of an NDJSON manifest
 * ({"workload","input","output"} per line) in Kafka Streams' TopologyTestDriver, writes each output file and
 * prints one timing line per case. Exit 2: unknown workload or bad usage; exit 1: any other error (one line on
 * stderr).
 */
public final class Main {
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;

    private record Case(String workload, String input, String output) {
    }

    /** A failure that exits with a given status and a one-line message. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(final int status, final String message) {
            super(message);
            this.status = status;
        }
    }

    private Main() {
    }

    public static void main(final String[] args) {
        final PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int status = 0;
        try {
            run(args, stdout);
        } catch (final Failure f) {
            status = f.status;
            System.err.println("streamsim-reference: " + oneLine(f.getMessage()));
        } catch (final Throwable t) {
            status = EXIT_ERROR;
            System.err.println("streamsim-reference: " + oneLine(describe(t)));
        }
        stdout.flush();
        System.err.flush();
        System.exit(status);
    }

    private static void run(final String[] args, final PrintStream stdout) throws Failure, IOException {
        boolean inMemory = false;
        String manifest = null;
        for (final String a : args) {
            if (a.equals("--in-memory-stores")) {
                inMemory = true;
            } else if (a.startsWith("--") || manifest != null) {
                throw new Failure(EXIT_USAGE, "usage: java -jar streamsim-reference.jar [--in-memory-stores] MANIFEST");
            } else {
                manifest = a;
            }
        }
        if (manifest == null) {
            throw new Failure(EXIT_USAGE, "usage: java -jar streamsim-reference.jar [--in-memory-stores] MANIFEST");
        }
        // Every case is checked before any runs, so an unknown workload never leaves half the outputs written.
        final List<Case> cases = readManifest(Path.of(manifest));
        final CaseRunner runner = new CaseRunner(inMemory);
        for (final Case c : cases) {
            final CaseRunner.Result r = runner.run(Workloads.byName(c.workload()), Path.of(c.input()), Path.of(c.output()));
            final ObjectNode line = Json.object();
            line.put("workload", c.workload());
            line.put("input", c.input());
            line.put("records", r.records());
            line.put("outputs", r.outputs());
            line.put("nanos", r.nanos());
            stdout.println(Json.MAPPER.writeValueAsString(line));
            stdout.flush();
        }
    }

    private static List<Case> readManifest(final Path path) throws Failure, IOException {
        final List<Case> cases = new ArrayList<>();
        int n = 0;
        for (final String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            final JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (final IOException e) {
                throw new Failure(EXIT_ERROR, path + " line " + n + ": not JSON");
            }
            final String workload = Json.text(node, "workload");
            final String input = Json.text(node, "input");
            final String output = Json.text(node, "output");
            if (workload == null || input == null || output == null) {
                throw new Failure(EXIT_ERROR, path + " line " + n + ": needs \"workload\", \"input\" and \"output\"");
            }
            if (Workloads.byName(workload) == null) {
                throw new Failure(EXIT_USAGE, "unknown workload \"" + workload + "\" (" + path + " line " + n
                    + "); known: " + String.join(", ", Workloads.names()));
            }
            cases.add(new Case(workload, input, output));
        }
        return cases;
    }

    /** The exception and its causes' messages, e.g. a StreamsException wrapping a processor's NPE. */
    private static String describe(final Throwable t) {
        final StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    private static String oneLine(final String s) {
        return s == null ? "error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
