package dev.mainstay.examples.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Stands in for a mail service: keeps what it sent. */
@Component
public class Mailer {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    public String confirm(String email, String orderId) {
        sent.add(email + ":" + orderId);
        return "mail-" + sent.size();
    }

    public List<String> sent() {
        return List.copyOf(sent);
    }
}
