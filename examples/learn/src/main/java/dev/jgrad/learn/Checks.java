package dev.jgrad.learn;

/** The argument checks the tools' setups share, so a bad count gets the same message from every tool. */
final class Checks {
    private Checks() {
    }

    /**
     * Throws unless {@code value >= min}.
     *
     * @throws IllegalArgumentException "NAME must be &gt;= MIN, got VALUE"
     */
    static void atLeast(int min, String name, int value) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }
}
