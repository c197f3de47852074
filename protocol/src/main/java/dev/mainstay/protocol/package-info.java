/**
 * The contracts every Mainstay process shares: the generated worker-stream messages in
 * {@code dev.mainstay.protocol.v1} (see {@code worker.proto} and {@code PROTOCOL.md}), and the
 * {@link dev.mainstay.protocol.ErrorCode error codes} that name each failure on every surface.
 */
package dev.mainstay.protocol;
