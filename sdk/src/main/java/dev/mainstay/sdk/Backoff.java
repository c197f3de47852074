package dev.mainstay.sdk;

/** How the wait between attempts grows: the same each time, by one initial interval, or geometrically. */
public enum Backoff { CONSTANT, LINEAR, EXPONENTIAL }
