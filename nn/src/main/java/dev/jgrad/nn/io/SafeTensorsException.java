package dev.jgrad.nn.io;

import java.io.IOException;

/** A safetensors file (or byte array) that is not well-formed; the message names the source and the problem. */
public final class SafeTensorsException extends IOException {
    private final String source;
    private final String problem;

    SafeTensorsException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    SafeTensorsException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file (or the name given to a byte array) that was rejected. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the source. */
    public String problem() {
        return problem;
    }
}
