package dev.heritage.cli;

import dev.heritage.api.HeritageVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code heritage} command: one subcommand per job. Exit codes: 0 when everything
 * succeeded, 2 for unusable arguments or input files (one clear line on stderr), 3 when some rows
 * failed (each written as an error record). A genuine internal error exits with 1 and one line;
 * {@code --debug} (anywhere on the command line) adds its stack trace.
 */
@Command(
        name = "heritage",
        mixinStandardHelpOptions = true,
        versionProvider = HeritageCli.Version.class,
        description = "Predicts missing metadata of cultural-heritage objects and reconstructs damaged images.",
        subcommands = {
            ModelsCommand.class,
            TrainCommand.class,
            SplitCommand.class,
            EvaluateCommand.class,
            AnnotateCommand.class,
            CopyModelCommand.class,
            ReconstructCommand.class,
            EvaluateReconstructionCommand.class,
            TrainRefinerCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HeritageCli implements Runnable {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: unusable arguments or input files. */
    public static final int USAGE = 2;
    /** Exit code: some rows failed. */
    public static final int PARTIAL = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs a command line with the given streams (for tests and embedding).
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // --debug anywhere on the line (before or after the command) shows stack traces.
        List<String> rest = new ArrayList<>();
        boolean debug = Boolean.getBoolean("heritage.debug");
        for (String a : args) {
            if ("--debug".equals(a)) {
                debug = true;
            } else {
                rest.add(a);
            }
        }
        boolean showStack = debug;
        CommandLine cli = new CommandLine(new HeritageCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("heritage: " + ex.getMessage() + " (see 'heritage " + commandName(ex) + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (showStack) {
                ex.printStackTrace(err);
            }
            String usage = CliErrors.usageMessage(ex);
            if (usage != null) {
                err.println("heritage: " + usage);
                return USAGE;
            }
            err.println("heritage: internal error (" + CliErrors.oneLine(ex) + "). This is a bug in Heritage;"
                    + (showStack ? "" : " run again with --debug for the stack trace, and") + " please report it.");
            return 1;
        });
        return cli.execute(rest.toArray(String[]::new));
    }

    private static String commandName(CommandLine.ParameterException ex) {
        String name = ex.getCommandLine().getCommandName();
        return "heritage".equals(name) ? "" : name;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports Heritage's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"heritage " + HeritageVersion.get()};
        }
    }
}
