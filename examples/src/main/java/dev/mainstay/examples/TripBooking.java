package dev.mainstay.examples;

import dev.mainstay.sdk.Retry;
import dev.mainstay.sdk.StepFailedException;
import dev.mainstay.sdk.TerminalException;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A saga: book a flight, a hotel and a car; if a booking fails for good, undo the ones already made,
 * in reverse order. Each booking and each compensation is a step, so a crash in the middle of the
 * compensation resumes it without cancelling anything twice. The runtime retries transient failures
 * (up to 4 attempts here); a {@link TerminalException} ("sold out") is final at once.
 */
public final class TripBooking {

    public record Trip(String traveller, String flight, String hotel, String car) {}

    public record Itinerary(String status, List<String> booked, List<String> cancelled, String reason) {}

    @Workflow(name = "book-trip")
    @Retry(maxAttempts = 4, initialIntervalMs = 200)
    public Itinerary bookTrip(WorkflowContext ctx, Trip trip) {
        List<String> booked = new ArrayList<>();
        try {
            booked.add(ctx.step("book-flight", String.class, () -> reserve("flight", trip.flight())));
            booked.add(ctx.step("book-hotel", String.class, () -> reserve("hotel", trip.hotel())));
            booked.add(ctx.step("book-car", String.class, () -> reserve("car", trip.car())));
            return new Itinerary("BOOKED", booked, List.of(), null);
        } catch (StepFailedException failure) {
            List<String> cancelled = new ArrayList<>();
            for (int i = booked.size() - 1; i >= 0; i--) {
                String reservation = booked.get(i);
                cancelled.add(ctx.step("cancel-" + reservation, String.class, () -> reservation));
            }
            return new Itinerary("CANCELLED", List.of(), cancelled, failure.stepName() + ": " + failure.errorMessage());
        }
    }

    /** Stands in for a booking API: "sold-out" anything is refused for good. */
    private static String reserve(String kind, String what) {
        if (what == null || what.startsWith("sold-out")) {
            throw new TerminalException(kind + " " + what + " is sold out");
        }
        return kind + ":" + what;
    }
}
