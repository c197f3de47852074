/**
 * Who may call the runtime: API tokens ({@link dev.mainstay.engine.auth.Tokens}, kept hashed in the
 * store), the roles they grant ({@link dev.mainstay.engine.auth.Role}), and the bearer header both
 * doors read ({@link dev.mainstay.engine.auth.BearerToken}). The gateway checks every HTTP call and
 * the coordinator every worker stream against the same {@code Tokens}, which is where the two meet;
 * see docs/architecture.md, "Authentication".
 */
package dev.mainstay.engine.auth;
