package dev.heritage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process run of the command line, for tests: its exit code and what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int code, String out, String err) {

    /**
     * @param args the command line
     * @return the run's outcome
     */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeritageCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * {@code heritage annotate --input CSV --output OUTPUT} and more arguments.
     *
     * @param csv the input CSV
     * @param output the output file
     * @param more further arguments
     * @return the run's outcome
     */
    public static CliRun annotate(Path csv, Path output, String... more) {
        List<String> args =
                new ArrayList<>(List.of("annotate", "--input", csv.toString(), "--output", output.toString()));
        args.addAll(List.of(more));
        return of(args.toArray(String[]::new));
    }
}
