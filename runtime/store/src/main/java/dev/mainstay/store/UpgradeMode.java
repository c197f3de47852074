package dev.mainstay.store;

/**
 * Which build a run of a component goes to once it has run (docs/architecture.md, "Builds"):
 * {@code PINNED} only the build that first ran it; {@code LATEST} the component's current build at
 * each claim, re-pinned there, for workflows whose code guards its changes with patches.
 */
public enum UpgradeMode { PINNED, LATEST }
