package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Schedule;
import dev.mainstay.protocol.v1.WorkerMessage;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a registration may do: not change a component under workers that serve it another way, not
 * ask for more than the capacity cap, not stay silent past the registration timeout.
 */
class WorkerRegistrationIT extends RealProcessesTest {

    @Test
    void conflictingRegistration_isRefusedWhileAnotherWorkerServesTheComponent_andWinsOnceItIsGone() throws Exception {
        processes.runtime(dataDir);
        Component scheduled = RogueWorker.workflow("nightly").toBuilder().setRunTimeoutMs(60_000)
                .setSchedule(Schedule.newBuilder().setCron("0 3 * * *")).build();
        RogueWorker first = new RogueWorker(processes);
        first.register("first", 4, scheduled, RogueWorker.workflow("other"));
        await("schedule declared").atMost(TIMEOUT).until(() -> new Http(processes).get("/v1/schedules").body()
                .contains("workflow:nightly"));

        try (RogueWorker same = new RogueWorker(processes)) {
            same.register("same", 4, scheduled);
            assertThat(same.hasEnded()).as("an identical registration is welcome").isFalse();
        }

        try (RogueWorker timeout = new RogueWorker(processes)) {
            timeout.send(register("timeout", scheduled.toBuilder().setRunTimeoutMs(5_000).build()));
            Status status = timeout.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).startsWith("REGISTRATION_CONFLICT: ")
                    .contains("'nightly'", "'first'", "run_timeout_ms 5000 here, 60000 there");
            assertThat(timeout.seen()).noneMatch(m -> m.hasRegistered());
        }
        try (RogueWorker noSchedule = new RogueWorker(processes)) {
            noSchedule.send(register("no-schedule", scheduled.toBuilder().clearSchedule().build()));
            Status status = noSchedule.awaitEnd(TIMEOUT);
            assertThat(status.getDescription()).contains("REGISTRATION_CONFLICT", "schedule none here, (cron '0 3 * * *'");
        }
        try (RogueWorker kind = new RogueWorker(processes)) {
            kind.send(register("kind", scheduled.toBuilder().setKind(ComponentKind.FUNCTION).build()));
            assertThat(kind.awaitEnd(TIMEOUT).getDescription()).contains("REGISTRATION_CONFLICT", "kind FUNCTION here, WORKFLOW there");
        }
        assertThat(new Http(processes).get("/v1/schedules").body()).as("the refused ones changed nothing")
                .contains("workflow:nightly");

        first.close();
        // with no worker serving the old definition, the new one is the truth, as a deploy expects
        Component redeployed = scheduled.toBuilder().setRunTimeoutMs(5_000).clearSchedule().build();
        await("the new definition registers once the old worker is gone").atMost(TIMEOUT).until(() -> {
            RogueWorker next = new RogueWorker(processes);
            next.send(register("next", redeployed));
            try {
                next.next(m -> m.hasRegistered(), Duration.ofSeconds(5));
                return true;
            } catch (AssertionError refused) {
                next.close();
                return false;
            }
        });
        await("the dropped schedule is deleted").atMost(TIMEOUT)
                .until(() -> !new Http(processes).get("/v1/schedules").body().contains("workflow:nightly"));
    }

    @Test
    void capacityOverTheCap_isRefused_andAStreamThatNeverRegisters_isClosed() {
        processes.runtime(dataDir, "--max-worker-capacity", "8", "--register-timeout-ms", "500");

        try (RogueWorker greedy = new RogueWorker(processes)) {
            greedy.send(WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId("greedy")
                    .setCapacity(1_000_000).addComponents(RogueWorker.workflow("w"))).build());
            Status status = greedy.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("capacity 1000000", "limit of 8", "--max-worker-capacity");
        }
        try (RogueWorker fits = new RogueWorker(processes)) {
            fits.register("fits", 8, RogueWorker.workflow("w"));
        }
        try (RogueWorker silent = new RogueWorker(processes)) {
            Status status = silent.awaitEnd(Duration.ofSeconds(20));
            assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(status.getDescription()).contains("no Register within 500 ms", "--register-timeout-ms");
        }
    }

    private static WorkerMessage register(String workerId, Component... components) {
        return WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId(workerId).setCapacity(4)
                .addAllComponents(java.util.List.of(components))).build();
    }
}
