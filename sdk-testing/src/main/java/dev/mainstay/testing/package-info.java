/**
 * Real processes for tests, benchmarks and demos: {@link dev.mainstay.testing.ProcessSet} starts the
 * runtime (through the CLI's main, exactly as a user does) and worker mains as child JVMs on the
 * current classpath, waits for readiness, and kills them with SIGKILL when asked.
 */
package dev.mainstay.testing;
