package dev.jgrad.autograd;

/** What {@code backward} does with the graph afterwards: free it (default) or keep it for another pass. */
public enum Graph { FREE, RETAIN }
