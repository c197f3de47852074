/**
 * Runnable examples: {@link dev.mainstay.examples.OrderWorkflows} (a checkout workflow and a
 * function), {@link dev.mainstay.examples.ExampleWorker} (a worker process serving them) and
 * {@link dev.mainstay.examples.Demo} (runtime + worker + one run, end to end).
 */
package dev.mainstay.examples;
