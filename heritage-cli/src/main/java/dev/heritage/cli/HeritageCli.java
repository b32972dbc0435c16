package dev.heritage.cli;

import dev.heritage.api.HeritageVersion;
import dev.heritage.cli.logging.LogFormat;
import dev.heritage.cli.logging.LogOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogManager;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code heritage} command: one subcommand per job. Exit codes: 0 when everything
 * succeeded, 2 for unusable arguments or input files (one clear line on stderr), 3 when some rows
 * failed (each written as an error record). A genuine internal error exits with 1 and one line;
 * {@code --debug} (anywhere on the command line) adds its stack trace.
 *
 * <p>Also anywhere on the command line: {@code --verbose} (one line per file for annotate and
 * reconstruct) and {@code --log-format text|json} ({@link CliLog}: json writes every log line of the
 * process, the libraries' included, as one JSON object per line on standard error).
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
        },
        footer = {
            "",
            "Anywhere on the command line: --verbose (one line per file: id, ok or error, the answer or the error,"
                    + " time in ms), --log-format text|json (json: every log line, progress and summary as one JSON"
                    + " object per line on stderr), --debug (stack traces of internal errors)."
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

    private final CliLog log;

    private HeritageCli(CliLog log) {
        this.log = log;
    }

    /** @return what this run tells its user (for subcommands, through {@code @ParentCommand}) */
    CliLog log() {
        return log;
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        // The log format stays for the JVM's last lines (Spark's and the engines' shutdown hooks).
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), false));
    }

    /**
     * Runs a command line with the given streams (for tests and embedding). While it runs, every log
     * line of the process goes to {@code err} in the run's {@code --log-format}; afterwards to standard
     * error again.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, true);
    }

    /** @param resetLogging whether to put the process's log output back as it was when the run ends */
    private static int run(String[] args, PrintWriter out, PrintWriter err, boolean resetLogging) {
        // --debug, --verbose and --log-format anywhere on the line (before or after the command).
        List<String> rest = new ArrayList<>();
        boolean debug = Boolean.getBoolean("heritage.debug");
        boolean verbose = false;
        String formatName = "text";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--debug".equals(a)) {
                debug = true;
            } else if ("--verbose".equals(a)) {
                verbose = true;
            } else if ("--log-format".equals(a) && i + 1 < args.length) {
                formatName = args[++i];
            } else if (a.startsWith("--log-format=")) {
                formatName = a.substring("--log-format=".length());
            } else {
                rest.add(a);
            }
        }
        LogFormat format;
        try {
            format = LogFormat.parse(formatName);
        } catch (IllegalArgumentException e) {
            err.println("heritage: " + e.getMessage());
            err.flush();
            return USAGE;
        }
        LogOutput.configure(format, err);
        routeJavaUtilLogging();
        try {
            return execute(rest, new CliLog(out, err, format, verbose), debug, out, err);
        } finally {
            if (resetLogging) {
                LogOutput.reset();
            }
        }
    }

    private static int execute(List<String> args, CliLog log, boolean showStack, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new HeritageCli(log));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            log.error(ex.getMessage() + " (see 'heritage " + commandName(ex) + " --help')", USAGE, null);
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String usage = CliErrors.usageMessage(ex);
            if (usage != null) {
                log.error(usage, USAGE, showStack ? ex : null);
                return USAGE;
            }
            log.error(
                    "internal error (" + CliErrors.oneLine(ex) + "). This is a bug in Heritage;"
                            + (showStack ? "" : " run again with --debug for the stack trace, and")
                            + " please report it.",
                    1,
                    showStack ? ex : null);
            return 1;
        });
        return cli.execute(args.toArray(String[]::new));
    }

    /**
     * ONNX Runtime and some of Spark's libraries log through java.util.logging, whose console handler
     * would write its own format: its lines go to SLF4J (this command line's provider) instead.
     */
    private static synchronized void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            LogManager.getLogManager().reset();
            SLF4JBridgeHandler.install();
        }
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
