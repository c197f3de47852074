/**
 * The runtime's telemetry: one OpenTelemetry trace per run (spans for the run, every operation
 * attempt and every wait, emitted from what the journal committed, so a run that crossed worker
 * crashes and replays is still one trace), Prometheus metrics through Micrometer, and payload
 * previews (redacted, truncated) for spans and the web UI. {@link dev.mainstay.telemetry.Telemetry}
 * is the entry point the server wires.
 */
package dev.mainstay.telemetry;
