package dev.jgrad.nn.loss;

/**
 * How a loss combines per-sample values: their mean (the default; makes the gradient scale
 * independent of batch size), their sum, or none (one value per sample).
 */
public enum Reduction { MEAN, SUM, NONE }
