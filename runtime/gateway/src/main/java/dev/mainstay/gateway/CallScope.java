package dev.mainstay.gateway;

import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.RunNotFoundException;
import dev.mainstay.engine.auth.ForbiddenException;
import dev.mainstay.engine.auth.Permission;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.RunRecord;
import io.javalin.http.Context;

/**
 * The namespace an HTTP call acts in (see {@link Namespaces}): {@code ?namespace=} when given, else
 * its token's. A token of one namespace that names another is refused (403 {@code FORBIDDEN}); an
 * admin token may name any, and {@code ?namespace=*} lists runs of all. What belongs to a namespace
 * the caller may not see does not exist for it: a run of another namespace is 404 by id, and never
 * appears in a list, exactly as an unknown one, so ids cannot be probed across namespaces.
 */
final class CallScope {
    static final String PARAM = "namespace";
    static final String ALL = "*";

    private CallScope() {}

    /** The namespace the call acts in. */
    static String namespace(Context ctx) {
        Principal principal = HttpAccess.principal(ctx);
        String asked = ctx.queryParam(PARAM);
        if (asked == null || asked.isEmpty()) {
            return principal.namespace();
        }
        if (!Namespaces.valid(asked)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, PARAM + " was '" + Text.clip(asked) + "'; use 1 to 63"
                    + " lowercase letters, digits, '.', '_' or '-'" + (asked.equals(ALL) ? " (* only lists runs)" : ""));
        }
        if (!principal.sees(asked)) {
            throw new ForbiddenException(principal, Permission.ANY_NAMESPACE, "act in namespace '" + asked
                    + "' (it belongs to namespace '" + principal.namespace() + "')");
        }
        return asked;
    }

    /** The prefix of the runs a list shows: the call's namespace, or null for all ({@code *}, admin only). */
    static String listedPrefix(Context ctx) {
        Principal principal = HttpAccess.principal(ctx);
        if (ALL.equals(ctx.queryParam(PARAM))) {
            principal.require(Permission.ANY_NAMESPACE, "list every namespace");
            return null;
        }
        return Namespaces.prefix(namespace(ctx));
    }

    /** {@code name} as stored for the call's namespace. */
    static String qualify(Context ctx, String name) {
        return name == null ? null : Namespaces.qualify(namespace(ctx), name);
    }

    /** {@code run} when the caller may see it; else the 404 of an unknown run. */
    static RunRecord visible(Context ctx, RunRecord run) {
        if (!HttpAccess.principal(ctx).sees(Namespaces.of(run.component()))) {
            throw new RunNotFoundException(run.id());
        }
        return run;
    }
}
