package dev.mainstay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals over PostgreSQL's LISTEN/NOTIFY on channel {@code mainstay}. A sender thread coalesces
 * what was published while it sent the last notification into the next one (so a burst of commits
 * costs one NOTIFY, not one per commit); a listener thread hands what other nodes sent to the
 * subscriber. Each has its own connection, outside the writer's transaction: a hint needs no fsync,
 * and receivers read the store, which the writer committed before the hint was published.
 *
 * <p>A lost listening connection loses hints: on reconnecting the subscriber gets {@link Signal#ALL}.
 * Every {@code sweepMs} it gets {@link Signal#ALL} anyway, so that a hint lost for any other reason
 * costs a delay, never a stuck run.
 */
final class NotifySignals implements Signals {
    private static final Logger log = LoggerFactory.getLogger(NotifySignals.class);
    static final String CHANNEL = "mainstay";
    /** PostgreSQL refuses payloads of 8000 bytes and more. */
    private static final int MAX_PAYLOAD = 7_900;
    private static final long RECONNECT_MS = 1_000;

    private final String url;
    private final Properties properties;
    private final String origin;
    private final long sweepMs;
    private final PendingHints pending = new PendingHints(PendingHints.MAX_PENDING);
    private volatile Consumer<Collection<Signal>> handler = signals -> {};
    private volatile boolean closed;
    private Thread listener;

    NotifySignals(String url, Properties properties, String origin, long sweepMs) {
        this.url = url;
        this.properties = properties;
        this.origin = origin;
        this.sweepMs = sweepMs;
        Thread.ofPlatform().name("mainstay-signals-send").daemon(true).start(this::sendLoop);
    }

    @Override
    public void publish(Signal signal) {
        pending.add(signal.encode());
    }

    @Override
    public synchronized void subscribe(Consumer<Collection<Signal>> handler) {
        this.handler = handler;
        if (listener == null) {
            listener = Thread.ofPlatform().name("mainstay-signals-listen").daemon(true).start(this::listenLoop);
        }
    }

    private void sendLoop() {
        Connection connection = null;
        while (!closed) {
            List<String> batch = pending.drain();
            if (batch.isEmpty()) {
                pending.await();
                continue;
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connection = DriverManager.getConnection(url, properties);
                    connection.setAutoCommit(true);
                }
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)");
                for (String payload : payloads(batch)) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, payload);
                    notify.executeQuery().close();
                }
                notify.close();
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                log.warn("event=signal_send_failed error={}; the other nodes catch up at their next sweep", e.toString());
                closeQuietly(connection);
                connection = null;
                pause(RECONNECT_MS);
            }
        }
        closeQuietly(connection);
    }

    /** "origin|token,token,..." pieces under PostgreSQL's payload limit. */
    private List<String> payloads(List<String> tokens) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(origin).append('|');
        int empty = payload.length();
        for (String token : tokens) {
            if (payload.length() + token.length() + 1 > MAX_PAYLOAD && payload.length() > empty) {
                payloads.add(payload.toString());
                payload.setLength(empty);
            }
            if (payload.length() > empty) {
                payload.append(',');
            }
            payload.append(token.length() > MAX_PAYLOAD - empty - 1 ? Signal.ALL.encode() : token);
        }
        if (payload.length() > empty) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    private void listenLoop() {
        long lastSweep = System.currentTimeMillis();
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(url, properties)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                deliver(List.of(Signal.ALL)); // what was sent while this node did not listen
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications((int) Math.min(sweepMs, 1_000));
                    List<Signal> signals = new ArrayList<>();
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            decode(notification.getParameter(), signals);
                        }
                    }
                    if (System.currentTimeMillis() - lastSweep >= sweepMs) {
                        lastSweep = System.currentTimeMillis();
                        signals.add(Signal.ALL);
                    }
                    if (!signals.isEmpty()) {
                        deliver(signals);
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                log.warn("event=signal_listen_failed error={}; listening again in {} ms", e.toString(), RECONNECT_MS);
                pause(RECONNECT_MS);
            }
        }
    }

    private void decode(String payload, List<Signal> into) {
        int bar = payload.indexOf('|');
        if (bar < 0 || payload.substring(0, bar).equals(origin)) {
            return; // not ours to read, or our own
        }
        for (String token : payload.substring(bar + 1).split(",")) {
            Signal signal = Signal.decode(token);
            if (signal != null) {
                into.add(signal);
            }
        }
    }

    private void deliver(List<Signal> signals) {
        try {
            handler.accept(signals);
        } catch (RuntimeException e) {
            log.warn("event=signal_handler_failed error={}", e.toString());
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        pending.close();
        if (listener != null) {
            listener.interrupt();
        }
    }
}
