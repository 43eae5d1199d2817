package dev.jgrad.nn;

/** Whether a layer has an additive bias term. */
public enum Bias { WITH, WITHOUT }
