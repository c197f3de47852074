/** Not API: schema derivation, argument checks, the agent loop and the journaled records it writes. */
package dev.mainstay.agent.internal;
