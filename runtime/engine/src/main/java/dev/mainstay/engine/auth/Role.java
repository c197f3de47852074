package dev.mainstay.engine.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles a token grants. A worker token opens worker streams and nothing on HTTP, so a worker
 * host that is broken into cannot read other runs' payloads through the API; a reader token is for
 * dashboards and UI viewers.
 */
public enum Role {
    ADMIN(EnumSet.allOf(Permission.class)),
    CLIENT(EnumSet.of(Permission.READ, Permission.WRITE)),
    WORKER(EnumSet.of(Permission.WORKER_STREAM)),
    READER(EnumSet.of(Permission.READ, Permission.READ_METRICS));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** The wire name: {@code admin}, {@code client}, {@code worker}, {@code reader}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role by its name, any case; {@link IllegalArgumentException} naming the four otherwise. */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("role was '" + name + "'; use admin, client, worker or reader");
    }
}
