package io.omnihub.faults;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * The main class of the Kafka broker's child JVM ({@link KafkaBroker}): sends Kafka's log, WARN and above, to a file,
 * then runs the Kafka tool or server named in the arguments ({@code <log file> <main class> <its arguments>}).
 * Needed because on the test class path Kafka logs through SLF4J into JBoss LogManager, whose root handler there is
 * Quarkus' delayed handler: without this, every line would be swallowed.
 */
final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) throws Throwable {
        FileHandler file = new FileHandler(args[0], true);
        file.setAutoFlush(true);
        file.setFormatter(new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"));
        Logger root = LogContext.getLogContext().getLogger("");
        root.setHandlers(new Handler[] { file });
        root.setLevel(Level.WARNING);
        Class.forName(args[1]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
