/**
 * Replaying optimizer trajectories recorded with PyTorch: reads the recorded cases (given
 * gradients, closed loops on a test function, parameter groups), runs them through jgrad's
 * optimizers and reports the largest relative and absolute error of each. Used by the tests and by
 * the {@code replay} command. Where a recorded SOAP case's first eigenbasis is not unique, the replay fits it within
 * the degenerate eigenspace (one angle) and says so.
 *
 * <p>May depend on: {@code dev.jgrad.optim}, core, and Jackson (to read the JSON).
 */
package dev.jgrad.optim.replay;
