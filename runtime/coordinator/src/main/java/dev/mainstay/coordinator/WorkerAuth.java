package dev.mainstay.coordinator;

import dev.mainstay.engine.auth.ForbiddenException;
import dev.mainstay.engine.auth.Permission;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.engine.auth.UnauthenticatedException;
import dev.mainstay.protocol.MainstayException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Checks the token of a worker stream once, when it opens: the {@code authorization} metadata,
 * {@code Bearer <token>} as on HTTP, must be a live token whose role may open worker streams
 * (worker or admin). A refused stream ends before any message with {@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED}, the description starting with the error code; an accepted one carries
 * its {@link Principal} in the call's context ({@link #PRINCIPAL}). Messages on an open stream are
 * not checked again: a revocation closes the stream instead ({@link WorkerStreamService}).
 */
final class WorkerAuth implements ServerInterceptor {
    static final Context.Key<Principal> PRINCIPAL = Context.key("mainstay-principal");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Tokens tokens;

    WorkerAuth(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Principal principal;
        try {
            principal = tokens.authenticate(headers.get(AUTHORIZATION));
            principal.require(Permission.WORKER_STREAM, "open a worker stream");
        } catch (UnauthenticatedException e) {
            return refuse(call, Status.UNAUTHENTICATED, e);
        } catch (ForbiddenException e) {
            return refuse(call, Status.PERMISSION_DENIED, e);
        } catch (MainstayException e) {
            return refuse(call, Status.UNAVAILABLE, e);
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, MainstayException e) {
        call.close(status.withDescription(e.code().name() + ": " + e.getMessage()), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
