package dev.jgrad.autograd;

/**
 * What an anomaly-detection scope checks: gradients only ({@link #BACKWARD}, PyTorch's
 * {@code detect_anomaly()}) or also every recorded op's output during the forward pass.
 */
public enum AnomalyChecks { BACKWARD, FORWARD_AND_BACKWARD }
