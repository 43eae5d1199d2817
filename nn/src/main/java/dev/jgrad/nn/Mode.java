package dev.jgrad.nn;

/**
 * Whether a module is training or evaluating. Layers whose behaviour differs between the two
 * (dropout, batch norm) read it; the layers so far ignore it, but the flag must already be right
 * so that adding such a layer later changes no caller.
 */
public enum Mode { TRAIN, EVAL }
