package dev.mainstay.store;

import dev.mainstay.protocol.MainstayException;
import java.util.Optional;

/**
 * What {@link JournalStore#startAndClaim} committed: the start, and the run's first claim when it
 * took one. {@code refused} is the claim's refusal (a concurrency or rate limit, another build),
 * which left the run started and PENDING; {@code claim} is empty then, and also when the start
 * claimed nothing (the idempotency key's run was returned, or the run may not be claimed now).
 */
public record ClaimedStart(StartResult start, Optional<Claim> claim, MainstayException refused) {
    static ClaimedStart unclaimed(StartResult start) {
        return new ClaimedStart(start, Optional.empty(), null);
    }
}
