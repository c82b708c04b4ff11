package fuse.webconsole;

import java.time.Instant;

/**
 * A logged-in browser: the web console's user object. It carries the CSRF token the FUSE page's forms send back,
 * and the message of the last action, shown once on the next page view.
 */
final class ConsoleSession {
    private final String id;
    private final String csrf;
    private volatile Instant lastUsed = Instant.EPOCH;
    private volatile Flash flash;

    /** A message for the user; {@code error} for a refusal. */
    record Flash(String text, boolean error) {
    }

    ConsoleSession(String id, String csrf) {
        this.id = id;
        this.csrf = csrf;
    }

    String id() {
        return id;
    }

    String csrf() {
        return csrf;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    void flash(String text, boolean error) {
        flash = new Flash(text, error);
    }

    /** The pending message, once. */
    Flash takeFlash() {
        Flash f = flash;
        flash = null;
        return f;
    }
}
