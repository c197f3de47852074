package dev.mainstay.server;

import dev.mainstay.engine.auth.TokenSecret;
import dev.mainstay.engine.auth.Tokens;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <data-dir>/admin.token}: the admin token of whoever runs the runtime on this machine, which
 * the CLI and {@code ./mainstay demo} use by themselves. At each start with auth on:
 *
 * <ul>
 *   <li>no file: a new admin token is made and written there, readable by its owner only (0600), and
 *       the log says where (never what). A lost file is so replaced by the next start; the old token
 *       stays valid until revoked.</li>
 *   <li>a file the store does not know: its token is adopted as an admin token. This is how an
 *       operator provisions the admin token (a mounted secret; the same token on every node of one
 *       PostgreSQL database): write {@code mst_} and 43 base64url characters there before the start.</li>
 *   <li>a file whose token was revoked or expired: kept, not adopted again (a revocation must stick);
 *       the log says to delete the file to get a new one.</li>
 * </ul>
 *
 * A file others may read (group or other permission bits) is refused: the runtime does not start.
 */
final class AdminTokenFile {
    static final String NAME = "admin.token";
    private static final Logger log = LoggerFactory.getLogger(AdminTokenFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminTokenFile() {}

    static void ensure(Path dataDir, Tokens tokens) throws IOException {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            String secret = TokenSecret.generate();
            write(file, secret); // first: should the store write fail, the next start adopts the file
            tokens.adopt(secret, "bootstrap");
            log.info("event=admin_token_created path={} tokenId={} note=\"the CLI on this machine uses it; keep it secret\"",
                    file.toAbsolutePath(), tokens.idOf(secret).orElse("?"));
            return;
        }
        refuseIfShared(file);
        String secret = Files.readString(file).strip();
        if (!TokenSecret.isWellFormed(secret)) {
            throw new IllegalStateException(file.toAbsolutePath() + " does not hold a Mainstay token (" + TokenSecret.PREFIX
                    + " and 43 characters of base64url); delete it and the runtime makes a new admin token at its start");
        }
        switch (tokens.adopt(secret, "admin.token")) {
            case ADOPTED -> log.info("event=admin_token_adopted path={} tokenId={}", file.toAbsolutePath(),
                    tokens.idOf(secret).orElse("?"));
            case LIVE -> log.info("event=admin_token path={} tokenId={}", file.toAbsolutePath(), tokens.idOf(secret).orElse("?"));
            case ENDED -> log.warn("event=admin_token_ended path={} note=\"the token in this file was revoked or expired;"
                    + " delete the file and restart for a new one\"", file.toAbsolutePath());
        }
    }

    /** Writes {@code secret} so that no one but the owner can ever read it: created 0600, then moved in place. */
    private static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(NAME + ".tmp");
        Files.deleteIfExists(temp);
        if (posix(file)) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temp);
        }
        Files.writeString(temp, secret + "\n");
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temp);
            throw e;
        }
    }

    private static void refuseIfShared(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalStateException(file.toAbsolutePath() + " may be read by others (mode "
                    + PosixFilePermissions.toString(permissions) + "); it holds an admin token: chmod 600 it");
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
