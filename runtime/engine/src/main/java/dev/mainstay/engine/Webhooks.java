package dev.mainstay.engine;

import dev.mainstay.store.JournalStore;
import dev.mainstay.store.WebhookRecord;
import java.util.List;
import java.util.Optional;

/**
 * The webhooks a runtime keeps (see the gateway's webhook routes): what a delivery to
 * {@code /v1/webhooks/{name}} starts, and the secret its signature is checked with. Names are
 * qualified by namespace, as components are ({@link Namespaces}).
 */
public final class Webhooks {
    /** Webhooks one runtime may hold: a caller that may write could grow the table otherwise. */
    public static final int MAX = 1_000;

    private final JournalStore store;

    Webhooks(JournalStore store) {
        this.store = store;
    }

    /** Creates or replaces; true when new. */
    public boolean put(WebhookRecord webhook) {
        return Engine.join(store.putWebhook(webhook, MAX));
    }

    public boolean delete(String name) {
        return Engine.join(store.deleteWebhook(name));
    }

    public Optional<WebhookRecord> get(String name) {
        return store.webhook(name);
    }

    public List<WebhookRecord> all() {
        return store.webhooks();
    }
}
