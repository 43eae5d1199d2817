package dev.jgrad.nn.init;

/**
 * Which fan Kaiming initialization preserves the variance over. {@code FAN_IN} keeps the variance of
 * activations constant through the forward pass; {@code FAN_OUT} keeps the variance of gradients
 * constant through the backward pass.
 */
public enum FanMode { FAN_IN, FAN_OUT }
