package dev.mainstay.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The runtime's logging, set in code: Logback finds this class as a service (META-INF/services) before
 * it looks for a {@code logback.xml}, and reading one with Joran and the JDK's XML parser cost the
 * runtime about a tenth of a second of its start-up even with class-data sharing.
 *
 * <p>What the {@code logback.xml} of before said: one appender on stderr, the pattern below (the MDC
 * after the message when there is any), the libraries' chatter at WARN, the root level from
 * {@code MAINSTAY_LOG_LEVEL} (a system property or the environment; default INFO). A file named by
 * {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class path, still wins:
 * this configurator then steps aside for Logback's own.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Time, level, logger, message, then {@code {runId=..., step=...}} when the MDC holds anything. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%replace( {%mdc}){' \\{\\}', ''}%n";
    /** Libraries whose INFO lines say nothing an operator of the runtime needs. */
    static final List<String> QUIET = List.of("org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari", "io.grpc");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(stderr);
        for (String library : QUIET) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code MAINSTAY_LOG_LEVEL} as a system property, else from the environment, else INFO (as {@code ${MAINSTAY_LOG_LEVEL:-INFO}} did). */
    static Level rootLevel() {
        String level = System.getProperty("MAINSTAY_LOG_LEVEL");
        if (level == null || level.isBlank()) {
            level = System.getenv("MAINSTAY_LOG_LEVEL");
        }
        return level == null || level.isBlank() ? Level.INFO : Level.toLevel(level.strip(), Level.DEBUG);
    }
}
