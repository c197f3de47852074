/**
 * The runtime process: {@link dev.mainstay.server.MainstayServer} wires store, engine, coordinator
 * and gateway from one {@link dev.mainstay.server.ServerConfig}, recovers live runs at start, and
 * shuts down in order (stop taking requests, stop streams, flush the store).
 */
package dev.mainstay.server;
