package dev.mainstay.engine.auth;

/**
 * Who makes a call: the id of the token presented (never its secret), its namespace and its role.
 * {@link #LOCAL_DEVELOPMENT} stands for every caller of a runtime started with {@code --auth none}.
 */
public record Principal(String tokenId, String namespace, Role role) {
    public static final Principal LOCAL_DEVELOPMENT = new Principal("none", Tokens.DEFAULT_NAMESPACE, Role.ADMIN);

    /** Whether this caller may see and act on what belongs to {@code namespace}. */
    public boolean sees(String namespace) {
        return role.allows(Permission.ANY_NAMESPACE) || this.namespace.equals(namespace);
    }

    /** Throws {@link ForbiddenException} unless the role allows {@code permission}; {@code what} names the call. */
    public void require(Permission permission, String what) {
        if (!role.allows(permission)) {
            throw new ForbiddenException(this, permission, what);
        }
    }
}
