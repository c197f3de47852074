/**
 * The test kit. {@link dev.mainstay.testing.MainstayTest @MainstayTest} runs a JUnit 5 test class
 * against a real runtime process and a worker in the test's JVM ({@link dev.mainstay.testing.TestRuntime});
 * {@link dev.mainstay.testing.TestWorkflowContext} runs a workflow body without a runtime;
 * {@link dev.mainstay.testing.Replayer} replays exported runs ({@code mainstay runs export}) against the
 * current code. Also {@link dev.mainstay.testing.ProcessSet}, for tests, benchmarks and demos: the runtime
 * (through the CLI's main, exactly as a user starts it) and worker mains as child JVMs on the current
 * classpath, waiting for readiness, and killed with SIGKILL when asked.
 */
package dev.mainstay.testing;
