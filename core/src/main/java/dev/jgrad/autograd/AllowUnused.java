package dev.jgrad.autograd;

/**
 * What {@link Autograd#grad} does with an input the outputs do not depend on: refuse it ({@link #NO},
 * the default, since it is usually a bug) or return null for its gradient ({@link #YES}).
 */
public enum AllowUnused { NO, YES }
