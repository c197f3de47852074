package dev.mainstay.cli;

import dev.mainstay.sdk.NewToken;
import dev.mainstay.sdk.TokenInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay tokens create | list | revoke}: the runtime's API tokens (needs an admin token). */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a token; its secret is printed this once (the runtime keeps only a hash).")
    static final class Create implements Callable<Integer> {
        /** Its --namespace is the token's namespace (default: default). */
        @Mixin ApiOptions api;
        @Option(names = "--role", required = true,
                description = "admin (everything, tokens), client (start, read, events, cancel, schedules), worker (worker"
                        + " streams only) or reader (read only).")
        String role;
        @Option(names = "--expires", description = "Lifetime, e.g. 12h, 30d, 365d (default: never).") String expires;
        @Option(names = "--description", description = "What or who the token is for.") String description;
        @Option(names = "--output", defaultValue = "table", description = "table or json ({\"token\": ..., \"id\": ...}).")
        Output.Format output;

        @Override
        public Integer call() {
            NewToken created = api.client().createToken(api.namespace(), role, expires, description);
            if (output == Output.Format.json) {
                Map<String, String> json = new LinkedHashMap<>();
                json.put("token", created.token());
                json.put("id", created.info().id());
                System.out.println(Output.json(json));
                return 0;
            }
            TokenInfo info = created.info();
            System.out.println("token      " + created.token());
            System.out.println("id         " + info.id());
            System.out.println("namespace  " + info.namespace());
            System.out.println("role       " + info.role());
            System.out.println("expires    " + (info.expiresAt() == null ? "never" : info.expiresAt()));
            System.out.println("the token is shown only now: keep it secret (give it as MAINSTAY_TOKEN)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every token, live or not (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Option(names = "--output", defaultValue = "table", description = "table or json.") Output.Format output;

        @Override
        public Integer call() {
            List<TokenInfo> tokens = api.client().tokens();
            if (output == Output.Format.json) {
                System.out.println(Output.json(tokens));
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "NAMESPACE", "ROLE", "STATUS", "CREATED", "EXPIRES", "CREATED BY", "DESCRIPTION"});
            for (TokenInfo t : tokens) {
                rows.add(new String[] {t.id(), t.namespace(), t.role(), t.status(), String.valueOf(t.createdAt()),
                        t.expiresAt() == null ? "never" : t.expiresAt().toString(), String.valueOf(t.createdBy()),
                        t.description() == null ? "" : t.description()});
            }
            System.out.print(Output.table(rows));
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token at once: its calls are refused and its worker streams closed.")
    static final class Revoke implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "TOKEN_ID") String id;

        @Override
        public Integer call() {
            TokenInfo revoked = api.client().revokeToken(id);
            System.out.println("revoked " + revoked.id() + " (" + revoked.role() + " of " + revoked.namespace() + ")");
            return 0;
        }
    }
}
