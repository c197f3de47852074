package dev.mainstay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    private static String printed(LoggerContext context, String logger, String message, Map<String, String> mdc) {
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.INFO, message, null, null);
        event.setMDCPropertyMap(mdc);
        event.setTimeStamp(0);
        return new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void configure_printsTheMdcAfterTheMessageOnlyWhenThereIsAny() {
        LoggerContext context = configured();
        assertThat(printed(context, "dev.mainstay.engine.Engine", "event=run_started", Map.of("runId", "r1")))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Engine event=run_started \\{runId=r1\\}\\R");
        assertThat(printed(context, "dev.mainstay.engine.Engine", "event=ready", Map.of()))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Engine event=ready\\R");
    }

    @Test
    void configure_keepsTheLibrariesAtWarnAndTheRootAtInfo() {
        LoggerContext context = configured();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(LogConfigurator.rootLevel());
        for (String library : LogConfigurator.QUIET) {
            assertThat(context.getLogger(library + ".Something").getEffectiveLevel()).as(library).isEqualTo(Level.WARN);
        }
    }

    @Test
    void rootLevel_readsMainstayLogLevel() {
        String before = System.getProperty("MAINSTAY_LOG_LEVEL");
        try {
            System.setProperty("MAINSTAY_LOG_LEVEL", "debug");
            assertThat(LogConfigurator.rootLevel()).isEqualTo(Level.DEBUG);
            System.setProperty("MAINSTAY_LOG_LEVEL", "WARN");
            assertThat(LogConfigurator.rootLevel()).isEqualTo(Level.WARN);
        } finally {
            if (before == null) {
                System.clearProperty("MAINSTAY_LOG_LEVEL");
            } else {
                System.setProperty("MAINSTAY_LOG_LEVEL", before);
            }
        }
    }

    /** The service file is what makes Logback take this class instead of looking for an XML file. */
    @Test
    void serviceFile_namesTheConfigurator() throws Exception {
        try (var in = LogConfigurator.class.getResourceAsStream("/META-INF/services/" + Configurator.class.getName())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(LogConfigurator.class.getName());
        }
    }
}
